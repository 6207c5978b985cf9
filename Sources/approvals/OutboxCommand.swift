import ApprovalsStore
import ApprovalsWeb
import ArgumentParser
import Foundation

/// `approvals outbox …`: the messages the service would email (invitations, password resets).
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List the outbox, or deliver it through an SMTP relay.",
        subcommands: [OutboxListCommand.self, OutboxDeliverCommand.self]
    )
}

/// `approvals outbox list`.
struct OutboxListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the messages, sent or waiting.")

    @OptionGroup var store: StoreCommandOptions

    func run() throws {
        let database = try store.open()
        defer { try? database.close() }
        for message in try AccountStore(database: database).outbox() {
            print("\(message.id)  \(message.sentAt.map { "sent " + StoreTime.format($0) } ?? "waiting")  \(message.recipient)  \(message.subject)")
        }
    }
}

/// `approvals outbox deliver --smtp-host H --from ADDR`: sends what waits; run it from a timer
/// (cron, a systemd timer) where a relay is configured. A message the relay refuses stays waiting.
struct OutboxDeliverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deliver", abstract: "Send waiting messages through an SMTP relay (plain SMTP on a trusted network).")

    @OptionGroup var store: StoreCommandOptions
    @Option(help: ArgumentHelp("The SMTP relay's host name or address.", valueName: "HOST")) var smtpHost: String
    @Option(help: ArgumentHelp("The SMTP relay's port.", valueName: "PORT")) var smtpPort: UInt16 = 25
    @Option(help: ArgumentHelp("The sender address, e.g. approvals@institute.example.", valueName: "ADDRESS")) var from: String

    func run() throws {
        let database = try store.open()
        defer { try? database.close() }
        let delivery = OutboxDelivery(store: AccountStore(database: database), mailer: SMTPMailer(host: smtpHost, port: smtpPort, sender: from))
        let result = try delivery.deliverPending(at: Date())
        print("Sent \(result.sent) message(s).")
        for failure in result.failures { print("Not sent: \(failure)") }
        if !result.failures.isEmpty { throw ExitCode(1) }
    }
}
