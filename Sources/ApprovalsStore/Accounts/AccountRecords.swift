public import Approvals
public import Foundation

/// A user as sign-in sees them: the account, its password hash (nil until a password is set) and
/// whether it has been deactivated.
public struct AccountHolder: Sendable, Equatable {
    public let user: UserAccount
    /// `scrypt$N$r$p$salt$hash`, or nil for an invited user who has not set a password yet.
    public let passwordHash: String?
    public let disabledAt: Date?

    public var isActive: Bool { disabledAt == nil }
}

/// How far a session has got through sign-in.
public enum SessionStage: String, Sendable, Equatable {
    /// Fully signed in.
    case signedIn = "signed_in"
    /// Password accepted; the one-time code from the authenticator app is still to come.
    case awaitingCode = "awaiting_code"
    /// Password accepted, but this account must set up a second factor before going further.
    case awaitingCodeSetup = "awaiting_code_setup"
}

/// Why a session ended (kept for the account's history and for support questions).
public enum SessionEnding: String, Sendable, Equatable {
    case signedOut = "signed_out"
    case expired
    case deactivated
    /// A new identifier replaced it (after the second factor).
    case replaced
    case passwordChanged = "password_changed"
}

/// A session as stored: the SHA-256 of its identifier, never the identifier itself.
public struct StoredSession: Sendable, Equatable {
    public let idSHA256: String
    public let userID: UserID
    public let stage: SessionStage
    public let createdAt: Date
    public let lastSeenAt: Date
    /// The absolute expiry, whatever the activity.
    public let expiresAt: Date
    public let endedAt: Date?
}

/// A session that is still open, with the account it belongs to.
public struct OpenSession: Sendable, Equatable {
    public let session: StoredSession
    public let holder: AccountHolder
}

/// What a single-use account link is for.
public enum AccountLinkPurpose: String, Sendable, Equatable {
    /// An invited user sets their first password.
    case invitation
    /// A user who forgot their password sets a new one.
    case passwordReset = "password_reset"
}

/// A single-use link that is still valid, with the user it is for.
public struct ValidAccountLink: Sendable, Equatable {
    public let user: UserAccount
    public let purpose: AccountLinkPurpose
    public let expiresAt: Date
}

/// Why a single-use link cannot be used. The messages say what to do next.
public enum AccountLinkRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case unknown, used, expired, accountDeactivated

    public var description: String {
        switch self {
        case .unknown: "This link is not recognised. Check you copied the whole link, or ask for a new one."
        case .used: "This link has already been used. Links work once: ask for a new one if you need to set your password again."
        case .expired: "This link has expired. Ask the person who invited you, or your administrator, for a new one."
        case .accountDeactivated: "This account has been deactivated. Ask your administrator if you need access again."
        }
    }
}

/// A staff member's second factor: the TOTP secret (Base32, as authenticator apps take it) and the
/// last time step accepted, so that no code works twice.
public struct SecondFactor: Sendable, Equatable {
    public let secretBase32: String
    public let lastUsedCounter: UInt64?
    public let confirmedAt: Date?

    public var isConfirmed: Bool { confirmedAt != nil }
}

/// A read-only API token as stored: everything but the token, of which only the SHA-256 is kept.
public struct APIToken: Sendable, Equatable {
    public let id: String
    public let name: String
    public let createdBy: String
    public let createdAt: Date
    public let expiresAt: Date
    public let lastUsedAt: Date?
    public let revokedAt: Date?

    /// True when the token may be used at `instant`.
    public func isValid(at instant: Date) -> Bool { revokedAt == nil && instant < expiresAt }

    /// The actor an API request made with this token acts as: an API client, named by the token.
    public var actor: Actor {
        Actor(id: UserID("token:" + id), roles: [.apiClient], displayName: name)
    }
}

/// A message that would be emailed.
public struct OutboxMessage: Sendable, Equatable {
    public let id: Int64
    public let recipient: String
    public let subject: String
    public let body: String
    public let createdAt: Date
    public let sentAt: Date?

    public init(id: Int64 = 0, recipient: String, subject: String, body: String, createdAt: Date, sentAt: Date? = nil) {
        self.id = id
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.createdAt = createdAt
        self.sentAt = sentAt
    }
}
