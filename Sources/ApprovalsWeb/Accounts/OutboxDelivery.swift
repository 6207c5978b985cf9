public import ApprovalsStore
public import Foundation

/// Delivers what waits in the outbox, oldest first, marking each message sent once the relay took it.
public struct OutboxDelivery: Sendable {
    public let store: AccountStore
    public let mailer: SMTPMailer

    public init(store: AccountStore, mailer: SMTPMailer) {
        self.store = store
        self.mailer = mailer
    }

    /// Returns how many were sent and the failures (each message that failed stays unsent).
    public func deliverPending(at instant: Date) throws -> (sent: Int, failures: [String]) {
        var sent = 0, failures: [String] = []
        for message in try store.outbox() where message.sentAt == nil {
            do {
                try mailer.send(message, messageID: "\(message.id).\(Int(message.createdAt.timeIntervalSince1970))")
                try store.markSent(message.id, at: instant)
                sent += 1
            } catch {
                failures.append("message \(message.id) to \(message.recipient): \(error)")
            }
        }
        return (sent, failures)
    }
}
