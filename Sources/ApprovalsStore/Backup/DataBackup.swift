public import Foundation
import GRDB

/// An online copy of a data folder, safe to take while the server writes to it.
///
/// The database is copied with SQLite's online backup API in a single step inside one read
/// transaction, so the copy is the database as it stood at one instant (WAL readers never block the
/// writer, so the server keeps committing). The documents copied are exactly those the *copy*
/// references: a document's file is durable before its row commits and is never swept while
/// referenced, so each one exists in the live folder. The manifest is written last.
public enum DataBackup {
    /// Copies `dataDirectory` (its `approvals.sqlite` and referenced documents) into `destination`,
    /// which must not exist or be empty, and returns the manifest written there.
    @discardableResult
    public static func take(dataDirectory: URL, to destination: URL, now: Date = Date()) throws -> BackupManifest {
        let databaseURL = dataDirectory.appendingPathComponent("approvals.sqlite")
        guard FileManager.default.fileExists(atPath: databaseURL.path) else { throw BackupError.noDatabase(databaseURL.path) }
        try requireEmpty(destination, else: BackupError.destinationNotEmpty(destination.path))
        try DurableFile.makeDirectory(destination)

        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let source = try DatabaseQueue(path: databaseURL.path, configuration: configuration)
        let copyURL = destination.appendingPathComponent("approvals.sqlite")
        let copy = try DatabaseQueue(path: copyURL.path)
        try source.backup(to: copy)
        try source.close()

        let (schemaVersion, referenced, audit) = try copy.read { db in
            (try Int.fetchOne(db, sql: "SELECT max(version) FROM schema_migrations") ?? 0,
             try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM documents ORDER BY sha256"),
             try AuditVerification.verify(db))
        }
        try copy.close()
        guard case let .intact(eventCount, headHash) = audit else { throw BackupError.auditBroken(audit.description) }

        var files: [BackupManifest.File] = []
        let database = try HashedCopy.hash(copyURL)
        files.append(.init(path: "approvals.sqlite", sha256: database.sha256, size: database.size))
        for sha256 in referenced {
            let relative = DocumentStore.relativePath(forSHA256: sha256)
            let source = dataDirectory.appendingPathComponent(relative)
            guard FileManager.default.fileExists(atPath: source.path) else { throw BackupError.documentMissing(sha256: sha256) }
            let copied = try HashedCopy.copy(source, to: destination.appendingPathComponent(relative))
            // The name is the content's hash: a file that no longer matches it was damaged on disk.
            guard copied.sha256 == sha256 else {
                throw BackupError.fileChanged(path: relative, expected: sha256, found: copied.sha256)
            }
            files.append(.init(path: relative, sha256: copied.sha256, size: copied.size))
        }
        let manifest = BackupManifest(format: BackupManifest.currentFormat, createdAt: StoreTime.format(now),
                                      schemaVersion: schemaVersion, auditEventCount: eventCount, auditHeadHash: headHash,
                                      files: files)
        try manifest.write(into: destination)
        return manifest
    }

    /// Throws `error` when `folder` exists and holds anything.
    static func requireEmpty(_ folder: URL, else error: BackupError) throws {
        guard FileManager.default.fileExists(atPath: folder.path) else { return }
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path), entries.isEmpty { return }
        throw error
    }
}

extension DocumentStore {
    /// Where a document lives relative to the data folder: `documents/ab/cd/<sha256>`.
    static func relativePath(forSHA256 sha256: String) -> String {
        let characters = Array(sha256)
        return "documents/\(String(characters[0..<2]))/\(String(characters[2..<4]))/\(sha256)"
    }
}
