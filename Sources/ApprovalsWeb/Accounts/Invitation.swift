public import Approvals
public import ApprovalsStore

/// Invites a person: makes their account (no password yet), a single-use link to set one, and the
/// message carrying it in the outbox, all in one transaction. For the users page and `approvals users add`.
public struct Invitation: Sendable {
    public let accounts: Accounts

    public init(accounts: Accounts) { self.accounts = accounts }

    /// Returns the link to give the person. Links start with `base`, or the configured public address.
    @discardableResult
    public func invite(_ user: UserAccount, by actor: Actor, base: String? = nil) throws -> String {
        let issued = issue(user, by: actor, base: base)
        try accounts.store.invite(user, linkSHA256: issued.tokenSHA256, expiresAt: issued.expiresAt, message: issued.message,
                                  by: actor, at: accounts.now)
        return issued.url
    }

    func issue(_ user: UserAccount, by actor: Actor, base: String?) -> AccountLinks.Issued {
        let base = accounts.settings.publicBaseURL ?? base ?? "http://127.0.0.1:8080"
        return AccountLinks(accounts: accounts).make(for: user, purpose: .invitation, base: base, invitedBy: actor)
    }
}
