import Approvals
import ApprovalsStore
import Foundation

/// Makes the single-use links of invitations and password resets: a random token whose SHA-256 alone
/// is stored, the address to open, and the message written to the outbox.
struct AccountLinks: Sendable {
    let accounts: Accounts

    struct Issued {
        let url: String
        let message: OutboxMessage
        let tokenSHA256: String
        let expiresAt: Date
    }

    func make(for user: UserAccount, purpose: AccountLinkPurpose, base: String, invitedBy: Actor?) -> Issued {
        let token = SessionSecret.make()
        let now = accounts.now
        let lifetime = purpose == .invitation ? accounts.settings.invitationLifetime : accounts.settings.passwordResetLifetime
        let expires = now.addingTimeInterval(lifetime)
        let url = base + "/account/set-password?token=" + token
        let (subject, opening): (String, String) = switch purpose {
        case .invitation:
            ("You have been invited to the approvals service",
             "\(invitedBy?.displayName ?? "The Institute") has invited you to the service for the approval of technical qualifications.")
        case .passwordReset:
            ("Reset your password for the approvals service", "Someone asked to reset the password of your account. If it was not you, you can ignore this message.")
        }
        let body = """
            Dear \(user.displayName),

            \(opening)

            Open this link to set your password. It works once, until \(DisplayTime.text(expires)) (UK time):
            \(url)
            """
        return Issued(url: url, message: OutboxMessage(recipient: user.email, subject: subject, body: body, createdAt: now),
                      tokenSHA256: SessionSecret.digest(token), expiresAt: expires)
    }
}
