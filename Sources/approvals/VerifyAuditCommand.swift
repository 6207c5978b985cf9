import ArgumentParser
import ApprovalsStore

/// `approvals verify-audit`: recomputes the audit trail's hash chain; exit 0 only when it holds.
struct VerifyAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-audit",
        abstract: "Check the audit trail's hash chain from the first event to the last.",
        discussion: "Exit status 0 when every event matches its hash and the one before it; 1 naming the first broken event otherwise."
    )

    @OptionGroup var store: StoreCommandOptions

    func run() throws {
        let database = try store.open(options: .withoutSweep)
        defer { try? database.close() }
        let verification = try database.verifyAudit()
        print(verification.description)
        if !verification.holds { throw ExitCode(1) }
    }
}
