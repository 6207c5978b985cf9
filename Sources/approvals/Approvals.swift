import ArgumentParser

/// The `approvals` command: serves the approvals service and carries the operators' commands.
@main
struct ApprovalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals",
        abstract: "Approval of technical qualifications: the web service and its operators' commands.",
        subcommands: [ServeCommand.self, ConfigCommand.self, MigrateCommand.self, DemoDataCommand.self, StandardsCommand.self, VerifyAuditCommand.self, BackupCommand.self, RestoreCommand.self, StoreBurstCommand.self, UsersCommand.self, TokensCommand.self, OutboxCommand.self]
    )
}
