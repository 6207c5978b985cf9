public import Approvals
public import ApprovalsStore
public import Foundation

/// Makes read-only API tokens for DfE and Ofqual, for the admin page and `approvals tokens create`:
/// the token is returned once and only its SHA-256 is stored.
public struct APITokenIssuer: Sendable {
    public let store: AccountStore

    public init(store: AccountStore) { self.store = store }

    /// Why a token could not be made.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case nameMissing, nameTooLong, expiryUnreadable(String), expiryNotInFuture

        public var description: String {
            switch self {
            case .nameMissing: "Enter a name for the token, such as \"Ofqual register sync\""
            case .nameTooLong: "The token's name must be 100 characters or fewer"
            case .expiryUnreadable(let text): "Enter the expiry date as year-month-day, for example 2027-03-31 (not \"\(text)\")"
            case .expiryNotInFuture: "The expiry date must be in the future"
            }
        }
    }

    /// The end of `text`'s day (`2027-03-31`) in UK time: a token "expires on 31 March" works all that day.
    public static func expiry(_ text: String) throws(Refusal) -> Date {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-").map { Int($0) }
        guard parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2],
              (2000...9999).contains(year),
              let lastMinute = try? UKTime.instant(year: year, month: month, day: day, hour: 23, minute: 59)
        else { throw .expiryUnreadable(text) }
        return lastMinute.addingTimeInterval(60)
    }

    /// A new token named `name`, valid until `expiresAt`. Returns the token (to show once) and its record.
    public func create(name: String, expiresAt: Date, by actor: Actor, at instant: Date) throws -> (token: String, record: APIToken) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw Refusal.nameMissing }
        guard trimmed.count <= 100 else { throw Refusal.nameTooLong }
        guard expiresAt > instant else { throw Refusal.expiryNotInFuture }
        let token = SessionSecret.makeAPIToken()
        let record = try store.createToken(name: trimmed, tokenSHA256: SessionSecret.digest(token), expiresAt: expiresAt, by: actor, at: instant)
        return (token, record)
    }
}
