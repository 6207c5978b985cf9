public import Foundation
import GRDB

/// Puts a backup taken by `DataBackup` back into a data folder, after proving it whole.
///
/// Every file is copied into a staging folder inside the data folder (same file system) while its
/// SHA-256 is checked against the manifest; the staged database's audit chain is then recomputed and
/// must end at the manifest's head, and every document it references must be present. Only then are
/// the staged files renamed into place. A refused backup leaves the data folder as it was.
public enum DataRestore {
    /// Restores `backup` into `dataDirectory`, which must be empty (or absent) unless `force` is set,
    /// in which case its database and documents are replaced. Returns the backup's manifest.
    @discardableResult
    public static func restore(from backup: URL, into dataDirectory: URL, force: Bool = false) throws -> BackupManifest {
        let manifest = try BackupManifest.read(from: backup)
        if !force { try DataBackup.requireEmpty(dataDirectory, else: BackupError.dataFolderNotEmpty(dataDirectory.path)) }
        for file in manifest.files where !isSafe(file) { throw BackupError.unsafePath(file.path) }
        guard manifest.files.contains(where: { $0.path == "approvals.sqlite" }) else { throw BackupError.fileMissing("approvals.sqlite") }

        try DurableFile.makeDirectory(dataDirectory)
        let staging = dataDirectory.appendingPathComponent(".restore-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: staging) }
        for file in manifest.files {
            let source = backup.appendingPathComponent(file.path)
            guard FileManager.default.fileExists(atPath: source.path) else { throw BackupError.fileMissing(file.path) }
            let copied = try HashedCopy.copy(source, to: staging.appendingPathComponent(file.path))
            guard copied.sha256 == file.sha256, copied.size == file.size else {
                throw BackupError.fileChanged(path: file.path, expected: file.sha256, found: copied.sha256)
            }
        }
        try checkStagedDatabase(staging, against: manifest)

        let database = dataDirectory.appendingPathComponent("approvals.sqlite")
        let documents = dataDirectory.appendingPathComponent("documents")
        if force {
            for suffix in ["", "-wal", "-shm"] { unlink(database.path + suffix) }
            try? FileManager.default.removeItem(at: documents)
        }
        let stagedDocuments = staging.appendingPathComponent("documents")
        if FileManager.default.fileExists(atPath: stagedDocuments.path) {
            try DurableFile.rename(from: stagedDocuments.path, to: documents.path)
        }
        try DurableFile.rename(from: staging.appendingPathComponent("approvals.sqlite").path, to: database.path)
        try DurableFile.syncDirectory(dataDirectory.path)
        return manifest
    }

    /// Only the paths a backup writes: the database and `documents/ab/cd/<sha256>` named by its hash.
    static func isSafe(_ file: BackupManifest.File) -> Bool {
        if file.path == "approvals.sqlite" { return true }
        let hex = Set("0123456789abcdef")
        guard file.sha256.count == 64, file.sha256.allSatisfy({ hex.contains($0) }) else { return false }
        return file.path == DocumentStore.relativePath(forSHA256: file.sha256)
    }

    private static func checkStagedDatabase(_ staging: URL, against manifest: BackupManifest) throws {
        let queue = try DatabaseQueue(path: staging.appendingPathComponent("approvals.sqlite").path)
        defer { try? queue.close() }
        let (audit, referenced) = try queue.read { db in
            (try AuditVerification.verify(db), try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM documents"))
        }
        guard case let .intact(_, head) = audit else { throw BackupError.auditBroken(audit.description) }
        guard head == manifest.auditHeadHash else { throw BackupError.auditDiffers(expected: manifest.auditHeadHash, found: head) }
        let listed = Set(manifest.files.map(\.sha256))
        for sha256 in referenced where !listed.contains(sha256) { throw BackupError.documentMissing(sha256: sha256) }
    }
}
