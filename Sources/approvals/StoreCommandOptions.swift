import ArgumentParser
import ApprovalsStore
import Foundation

/// The options every store command takes: where the data folder is and, if not found by the usual
/// search, where the migrations are.
struct StoreCommandOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The data folder: approvals.sqlite and documents/ live here.", valueName: "DIR"))
    var data: String = "./data"

    @Option(name: .long, help: ArgumentHelp(
        "The folder of NNNN_name.sql migrations. Default: $APPROVALS_MIGRATIONS, ./Migrations, or a Migrations folder above the executable.",
        valueName: "DIR"))
    var migrations: String?

    var dataDirectory: URL { URL(fileURLWithPath: data).standardizedFileURL }
    var migrationsDirectory: URL? { migrations.map { URL(fileURLWithPath: $0).standardizedFileURL } }

    /// Opens (and migrates) the database, turning the store's refusals into a clear exit.
    func open(options: ApprovalsDatabase.Options = ApprovalsDatabase.Options()) throws -> ApprovalsDatabase {
        do {
            return try ApprovalsDatabase.open(dataDirectory: dataDirectory, migrationsDirectory: migrationsDirectory, options: options)
        } catch let error as MigrationError {
            throw StoreCommandFailure(error.description)
        }
    }
}

extension ApprovalsDatabase.Options {
    /// For commands that may run beside the server: they leave unreferenced documents to its sweep.
    static var withoutSweep: ApprovalsDatabase.Options {
        var options = ApprovalsDatabase.Options()
        options.orphanSweepGrace = nil
        return options
    }
}

/// A failure a store command reports in words and with exit status 1.
struct StoreCommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
