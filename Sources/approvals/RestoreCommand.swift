import ArgumentParser
import ApprovalsStore
import Foundation

/// `approvals restore`: checks a backup (every file's SHA-256, the audit chain) and only then puts it
/// into the data folder. Run it with the server stopped.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Check a backup made by `approvals backup` and restore it into a data folder.",
        discussion: "Stop the server first. The data folder must be empty unless --force is given. Nothing is changed when a check fails."
    )

    @Option(name: .long, help: ArgumentHelp("The backup folder (the one holding manifest.json).", valueName: "SRC"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The data folder to restore into.", valueName: "DIR"))
    var data: String = "./data"

    @Flag(name: .long, help: "Replace the database and documents already in the data folder.")
    var force = false

    func run() throws {
        do {
            let manifest = try DataRestore.restore(from: URL(fileURLWithPath: from).standardizedFileURL,
                                                   into: URL(fileURLWithPath: data).standardizedFileURL, force: force)
            print("Restored the backup of \(manifest.createdAt): \(manifest.auditEventCount) audit events, "
                  + "\(manifest.documentCount) documents. Run `approvals verify-audit --data \(data)` to check it in place.")
        } catch let error as BackupError {
            throw StoreCommandFailure(error.description)
        }
    }
}
