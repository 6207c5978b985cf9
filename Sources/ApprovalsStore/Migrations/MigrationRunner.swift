import Foundation
import GRDB

/// Applies the `Migrations/` SQL files that a database lacks, each in its own transaction, and records
/// each in `schema_migrations` with its checksum. It refuses a database that a newer release migrated
/// and a migration file edited after it was applied: both would let this release misread the data.
struct MigrationRunner {
    let migrations: [Migration]

    /// One row of `schema_migrations`.
    struct Applied: Equatable {
        let version: Int
        let name: String
        let checksum: String
    }

    /// Checks the applied migrations against the known ones and applies the missing ones in order.
    /// Returns the migrations applied by this call.
    @discardableResult
    func migrate(_ writer: some DatabaseWriter, at instant: Date = Date()) throws -> [Migration] {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    checksum TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                ) STRICT
                """)
            let applied = try Self.applied(db)
            try check(applied: applied)
            let appliedVersions = Set(applied.map(\.version))
            var newlyApplied: [Migration] = []
            for migration in migrations where !appliedVersions.contains(migration.version) {
                do {
                    try db.inTransaction(.immediate) {
                        try db.execute(sql: migration.sql)
                        try db.execute(
                            sql: "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                            arguments: [migration.version, migration.name, migration.checksum, StoreTime.format(instant)])
                        return .commit
                    }
                } catch let error as DatabaseError {
                    throw MigrationError.failed(version: migration.version, name: migration.name, reason: error.message ?? "\(error)")
                }
                newlyApplied.append(migration)
            }
            return newlyApplied
        }
    }

    /// Refuses a database that this release cannot safely use.
    func check(applied: [Applied]) throws {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        let newestKnown = migrations.last?.version ?? 0
        if let newestApplied = applied.map(\.version).max(), newestApplied > newestKnown {
            throw MigrationError.databaseNewerThanServer(databaseVersion: newestApplied, newestKnown: newestKnown)
        }
        for row in applied {
            guard let migration = known[row.version] else {
                throw MigrationError.unknownAppliedMigration(version: row.version, name: row.name)
            }
            if migration.checksum != row.checksum {
                throw MigrationError.migrationChanged(
                    version: row.version, name: row.name, appliedChecksum: row.checksum, fileChecksum: migration.checksum)
            }
        }
    }

    static func applied(_ db: Database) throws -> [Applied] {
        try Row.fetchAll(db, sql: "SELECT version, name, checksum FROM schema_migrations ORDER BY version").map {
            Applied(version: $0["version"], name: $0["name"], checksum: $0["checksum"])
        }
    }
}
