import Foundation
import GRDB
import Testing
@testable import ApprovalsStore

@Suite("Migrations")
struct MigrationTests {
    @Test("an empty folder becomes a database at the newest version, with reference data")
    func fromEmpty() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        let known = try Fixtures.migrations()
        #expect(database.migrationsAppliedAtOpen.map(\.version) == known.map(\.version))
        #expect(try database.schemaVersion() == known.last!.version)
        let (routes, categories, recorded) = try database.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM routes")!,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM categories")!,
             try Row.fetchAll(db, sql: "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version"))
        }
        #expect(routes == 15)
        #expect(categories == 5)
        #expect(recorded.map { $0["checksum"] as String } == known.map(\.checksum))
        #expect(recorded.allSatisfy { ($0["applied_at"] as String).hasSuffix("Z") })
    }

    @Test("every earlier version migrates to the newest, applying only what it lacks")
    func fromEachEarlierVersion() throws {
        let known = try Fixtures.migrations()
        for count in 1..<known.count {
            let folder = try TemporaryDataFolder()
            let data = folder.url.appendingPathComponent("data")
            let earlier = try ApprovalsDatabase.open(dataDirectory: data, migrations: Array(known.prefix(count)), options: Fixtures.options())
            #expect(try earlier.schemaVersion() == known[count - 1].version)
            try earlier.close()
            let newest = try ApprovalsDatabase.open(dataDirectory: data, migrations: known, options: Fixtures.options())
            #expect(newest.migrationsAppliedAtOpen.map(\.version) == known.dropFirst(count).map(\.version))
            #expect(try newest.schemaVersion() == known.last!.version)
            // The schema is the same as one built from empty.
            let freshFolder = try TemporaryDataFolder()
            let fresh = try Fixtures.open(freshFolder)
            #expect(try schema(newest) == schema(fresh))
        }
    }

    @Test("opening again applies nothing")
    func idempotent() throws {
        let folder = try TemporaryDataFolder()
        try Fixtures.open(folder).close()
        #expect(try Fixtures.open(folder).migrationsAppliedAtOpen.isEmpty)
    }

    @Test("a database migrated by a newer release is refused with a clear error")
    func refusesNewerDatabase() throws {
        let folder = try TemporaryDataFolder()
        let data = folder.url.appendingPathComponent("data")
        let known = try Fixtures.migrations()
        let future = Migration(version: 9999, name: "future", sql: "CREATE TABLE future_things (id INTEGER PRIMARY KEY);", checksum: "abc")
        try ApprovalsDatabase.open(dataDirectory: data, migrations: known + [future], options: Fixtures.options()).close()
        let error = #expect(throws: MigrationError.self) {
            try ApprovalsDatabase.open(dataDirectory: data, migrations: known, options: Fixtures.options())
        }
        #expect(error == .databaseNewerThanServer(databaseVersion: 9999, newestKnown: known.last!.version))
        #expect(error?.description.contains("newer release") == true)
    }

    @Test("an applied migration that was edited is refused")
    func refusesChangedMigration() throws {
        let folder = try TemporaryDataFolder()
        let copy = try folder.subfolder("Migrations")
        for name in try FileManager.default.contentsOfDirectory(atPath: Fixtures.migrationsDirectory.path) {
            try FileManager.default.copyItem(at: Fixtures.migrationsDirectory.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        let data = folder.url.appendingPathComponent("data")
        try ApprovalsDatabase.open(dataDirectory: data, migrationsDirectory: copy, options: Fixtures.options()).close()
        let edited = copy.appendingPathComponent("0002_routes_and_categories.sql")
        try (String(contentsOf: edited, encoding: .utf8) + "\n-- an innocent-looking edit\n").write(to: edited, atomically: true, encoding: .utf8)
        let error = #expect(throws: MigrationError.self) {
            try ApprovalsDatabase.open(dataDirectory: data, migrationsDirectory: copy, options: Fixtures.options())
        }
        guard case .migrationChanged(let version, _, _, _) = error else { Issue.record("expected migrationChanged, got \(String(describing: error))"); return }
        #expect(version == 2)
    }

    @Test("a failing migration leaves nothing of itself behind")
    func failingMigrationRollsBack() throws {
        let folder = try TemporaryDataFolder()
        let data = folder.url.appendingPathComponent("data")
        let known = try Fixtures.migrations()
        let broken = Migration(version: 9000, name: "broken", sql: "CREATE TABLE half_done (id INTEGER); INSERT INTO no_such_table VALUES (1);", checksum: "x")
        #expect(throws: MigrationError.self) {
            try ApprovalsDatabase.open(dataDirectory: data, migrations: known + [broken], options: Fixtures.options())
        }
        let database = try ApprovalsDatabase.open(dataDirectory: data, migrations: known, options: Fixtures.options())
        #expect(try database.pool.read { try $0.tableExists("half_done") } == false)
        #expect(try database.schemaVersion() == known.last!.version)
    }

    @Test("migration file names must be NNNN_name.sql", arguments: ["12_short.sql", "0001-dash.sql", "0001_Upper.sql", "abcd_x.sql"])
    func badFileNames(name: String) throws {
        let folder = try TemporaryDataFolder()
        let migrations = try folder.subfolder("m")
        try "SELECT 1;".write(to: migrations.appendingPathComponent(name), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.badFileName(name)) { try Migration.load(from: migrations) }
    }

    @Test("an explicit migrations folder that does not exist is reported")
    func missingFolder() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/Migrations")
        #expect(throws: MigrationError.migrationsNotFound(searched: [missing.path])) { try MigrationsDirectory.locate(explicit: missing) }
    }

    @Test("the database runs in WAL mode with foreign keys on and synchronous FULL")
    func connectionSettings() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        let (journal, foreignKeys, synchronous) = try database.pool.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode")!, try Int.fetchOne(db, sql: "PRAGMA foreign_keys")!,
             try Int.fetchOne(db, sql: "PRAGMA synchronous")!)
        }
        #expect(journal == "wal")
        #expect(foreignKeys == 1)
        #expect(synchronous == 2) // FULL
    }

    private func schema(_ database: ApprovalsDatabase) throws -> [String] {
        try database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
        }
    }
}
