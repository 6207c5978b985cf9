public import ApprovalsStore
public import Foundation

/// Everything sign-in and account pages need: the stores, the settings, the password hasher and
/// policy, the sign-in throttle and the clock. One value, made once at start and shared by every
/// request (all of it is safe to share between threads).
public struct Accounts: Sendable {
    public let store: AccountStore
    public let records: RecordStore
    public let settings: AccountSettings
    public let hasher: PasswordHasher
    public let passwordPolicy: PasswordPolicy
    public let throttle: SignInThrottle
    public let clock: @Sendable () -> Date
    /// A hash of a random password, checked when no account matches the email typed, so that a
    /// wrong email takes as long to refuse as a wrong password and timing reveals nothing.
    let decoyHash: String

    public init(database: ApprovalsDatabase, settings: AccountSettings = AccountSettings(), hasher: PasswordHasher = PasswordHasher(),
                passwordPolicy: PasswordPolicy = PasswordPolicy(), throttle: SignInThrottle = SignInThrottle(),
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = AccountStore(database: database)
        self.records = RecordStore(database: database)
        self.settings = settings
        self.hasher = hasher
        self.passwordPolicy = passwordPolicy
        self.throttle = throttle
        self.clock = clock
        self.decoyHash = hasher.hash(SessionSecret.make())
    }

    var now: Date { clock() }
}
