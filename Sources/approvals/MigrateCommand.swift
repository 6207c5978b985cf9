import ArgumentParser
import ApprovalsStore

/// `approvals migrate`: brings the database to this release's schema (the server does the same at start).
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the schema migrations the database lacks, each in its own transaction.",
        discussion: """
            Refuses a database migrated by a newer release, and one whose applied migrations were edited \
            since. Reference data (routes, categories) is part of the migrations; demo data never is.
            """
    )

    @OptionGroup var store: StoreCommandOptions

    func run() throws {
        let database = try store.open(options: .withoutSweep)
        defer { try? database.close() }
        if database.migrationsAppliedAtOpen.isEmpty {
            print("The database at \(database.databaseURL.path) is up to date (version \(try database.schemaVersion())).")
        } else {
            for migration in database.migrationsAppliedAtOpen {
                print("applied \(String(format: "%04d", migration.version))_\(migration.name)")
            }
            print("The database at \(database.databaseURL.path) is now at version \(try database.schemaVersion()).")
        }
    }
}
