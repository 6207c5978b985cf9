public import Foundation
import Synchronization

/// Slows down password guessing: failed sign-ins are counted per account (the email as typed, so that
/// an unknown account is throttled exactly like a known one and nothing reveals which exist) and per
/// client address, over a sliding window. Past the limit, further attempts are refused until the
/// oldest failure leaves the window. Kept in memory: a restart forgets the counts, which costs an
/// attacker one restart's worth of guesses at most, and keeps the database out of the hot path.
public final class SignInThrottle: Sendable {
    public struct Limits: Sendable {
        public var window: TimeInterval = 15 * 60
        public var failuresPerAccount = 5
        public var failuresPerAddress = 30
        public init() {}
    }

    /// Why an attempt may not go ahead, and when it may.
    public struct Refusal: Error, Equatable, Sendable {
        public let retryAfter: Date
    }

    private let limits: Limits
    private let failures = Mutex<[String: [Date]]>([:])

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Call before checking a password. Throws when the account or the address has failed too often.
    public func checkAllowed(email: String, address: String, at now: Date) throws(Refusal) {
        let keys = [(Self.accountKey(email), limits.failuresPerAccount), (Self.addressKey(address), limits.failuresPerAddress)]
        let retry: Date? = failures.withLock { table in
            var latest: Date?
            for (key, limit) in keys {
                let recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < limits.window }
                table[key] = recent.isEmpty ? nil : recent
                if recent.count >= limit, let oldest = recent.first {
                    let until = oldest.addingTimeInterval(limits.window)
                    latest = max(latest ?? until, until)
                }
            }
            return latest
        }
        if let retry { throw Refusal(retryAfter: retry) }
    }

    public func recordFailure(email: String, address: String, at now: Date) {
        failures.withLock { table in
            table[Self.accountKey(email), default: []].append(now)
            table[Self.addressKey(address), default: []].append(now)
        }
    }

    /// A successful sign-in clears the account's count (not the address's: one right password must not
    /// reset guessing at many accounts from the same place).
    public func recordSuccess(email: String) {
        _ = failures.withLock { $0.removeValue(forKey: Self.accountKey(email)) }
    }

    static func accountKey(_ email: String) -> String {
        "account:" + email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    static func addressKey(_ address: String) -> String { "address:" + address }
}
