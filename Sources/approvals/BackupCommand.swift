import ArgumentParser
import ApprovalsStore
import Foundation

/// `approvals backup`: an online, consistent copy of the data folder, safe while the server runs.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database (SQLite's online backup API) and its documents into a new folder, with a manifest.",
        discussion: "Safe while the server runs. DEST must be new or empty. Restore with `approvals restore --from DEST`."
    )

    @Option(name: .long, help: ArgumentHelp("The data folder to copy.", valueName: "DIR"))
    var data: String = "./data"

    @Option(name: .long, help: ArgumentHelp("The new or empty folder to write the backup into.", valueName: "DEST"))
    var to: String

    func run() throws {
        do {
            let manifest = try DataBackup.take(dataDirectory: URL(fileURLWithPath: data).standardizedFileURL,
                                               to: URL(fileURLWithPath: to).standardizedFileURL)
            print("Backed up schema version \(manifest.schemaVersion), \(manifest.auditEventCount) audit events "
                  + "(head \(manifest.auditHeadHash)) and \(manifest.documentCount) documents into \(to).")
        } catch let error as BackupError {
            throw StoreCommandFailure(error.description)
        }
    }
}
