public import Foundation
public import GRDB

/// The service's data folder opened for use: `approvals.sqlite` (WAL, foreign keys on, synchronous
/// FULL, a busy timeout) migrated to this release's schema, and the document store beside it.
///
/// Layout of the data folder:
/// ```
/// DATA/approvals.sqlite          the database (plus -wal and -shm files while open)
/// DATA/documents/ab/cd/<sha256>  each uploaded file, once, named by its SHA-256
/// DATA/documents/incoming/       files being written; anything left here after a crash is swept
/// ```
public final class ApprovalsDatabase: Sendable {
    /// How much a commit waits for the disk.
    public enum Durability: String, Sendable {
        /// `synchronous = FULL`: a commit that returned survives a power cut. The default.
        case full
        /// `synchronous = NORMAL`: in WAL mode still safe against a crash of the process, but the last
        /// commits may be lost on a power cut. Only for benchmarks and throwaway demos.
        case normal
    }

    /// Settings for `open`.
    public struct Options: Sendable {
        public var durability: Durability = .full
        /// How long SQLite waits for another process's write lock before failing with "busy".
        public var busyTimeout: TimeInterval = 10
        /// Unreferenced document files older than this are removed at open; nil leaves them alone.
        /// The grace period protects a file another process has written but not yet committed.
        public var orphanSweepGrace: TimeInterval? = 15 * 60
        /// Readers the pool may open at once.
        public var maximumReaderCount = 8

        public init() {}
    }

    public let dataDirectory: URL
    public let databaseURL: URL
    /// The connection pool: one writer, many readers. The web layer should use `ApprovalsStore`;
    /// this is here for tools, tests and the benchmark.
    public let pool: DatabasePool
    public let documents: DocumentStore
    /// The migrations this release knows, oldest first.
    public let knownMigrations: [Migration]
    /// The migrations the `open` call applied (empty when the database was up to date).
    public let migrationsAppliedAtOpen: [Migration]
    /// The document files the sweep at open removed.
    public let orphansRemovedAtOpen: [String]
    /// Cycles and organisations as last decoded, shared by every `RecordStore` on this database.
    let referenceCache = DecodedReferenceCache()
    /// Connections of the API's busiest reads, outside the pool (see `APIReadConnections`).
    let apiReads: APIReadConnections

    private init(dataDirectory: URL, databaseURL: URL, pool: DatabasePool, documents: DocumentStore,
                 knownMigrations: [Migration], applied: [Migration], orphans: [String], busyTimeout: TimeInterval) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.pool = pool
        self.documents = documents
        self.knownMigrations = knownMigrations
        self.migrationsAppliedAtOpen = applied
        self.orphansRemovedAtOpen = orphans
        self.apiReads = APIReadConnections(path: databaseURL.path, busyTimeout: busyTimeout)
    }

    /// Opens `dataDirectory/approvals.sqlite` (creating the folder and the file), applies the missing
    /// migrations and refuses a database that a newer release migrated or whose applied migrations
    /// were edited (`MigrationError`). `migrationsDirectory` nil searches as `MigrationsDirectory` says.
    public static func open(dataDirectory: URL, migrationsDirectory: URL? = nil,
                            options: Options = Options()) throws -> ApprovalsDatabase {
        let migrations = try Migration.load(from: MigrationsDirectory.locate(explicit: migrationsDirectory))
        return try open(dataDirectory: dataDirectory, migrations: migrations, options: options)
    }

    /// As `open(dataDirectory:migrationsDirectory:options:)`, with migrations already loaded.
    public static func open(dataDirectory: URL, migrations: [Migration],
                            options: Options = Options()) throws -> ApprovalsDatabase {
        try DurableFile.makeDirectory(dataDirectory)
        let documents = try DocumentStore(root: dataDirectory.appendingPathComponent("documents"))
        let databaseURL = dataDirectory.appendingPathComponent("approvals.sqlite")
        let pool = try DatabasePool(path: databaseURL.path, configuration: configuration(options))
        // GRDB sets `synchronous = NORMAL` on the writer when it turns WAL on, after our
        // `prepareDatabase`; the writer is the one connection whose setting matters, so set it again.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(options.durability == .full ? "FULL" : "NORMAL")")
        }
        let applied = try MigrationRunner(migrations: migrations).migrate(pool)
        var orphans: [String] = []
        if let grace = options.orphanSweepGrace {
            let referenced = try pool.read { db in Set(try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM documents")) }
            orphans = try documents.sweepOrphans(referenced: referenced, olderThan: grace)
        }
        return ApprovalsDatabase(dataDirectory: dataDirectory, databaseURL: databaseURL, pool: pool,
                                 documents: documents, knownMigrations: migrations, applied: applied, orphans: orphans,
                                 busyTimeout: options.busyTimeout)
    }

    static func configuration(_ options: Options) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(options.busyTimeout)
        configuration.maximumReaderCount = options.maximumReaderCount
        configuration.label = "approvals"
        return configuration
    }

    /// The newest migration applied to the database.
    public func schemaVersion() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT max(version) FROM schema_migrations") ?? 0 }
    }

    /// Recomputes the audit chain from the first event.
    public func verifyAudit() throws -> AuditVerification {
        try pool.read { db in try AuditVerification.verify(db) }
    }

    /// Closes the pool; further use throws.
    public func close() throws {
        apiReads.close()
        try pool.close()
    }
}
