import Approvals
import Dispatch
import Foundation
import GRDB
import Synchronization
import Testing
@testable import ApprovalsStore

@Suite("Backup and restore")
struct BackupUnderLoadTests {
    @Test("a backup taken while a writer commits records with documents restores every acknowledged one, and the chain holds")
    func backupUnderWriteLoad() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        let store = RecordStore(database: database)
        let (cycle, organisation, editor) = try Fixtures.seed(store)
        let writer = Writer()
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            writer.run(store: store, cycle: cycle.id, organisation: organisation.id, editor: editor)
            finished.signal()
        }
        while writer.acknowledged.count < 15 && writer.failure == nil { usleep(1_000) }
        // Everything acknowledged before the backup starts must be in it; later commits may or may not be.
        let acknowledgedBefore = writer.acknowledged
        let manifest = try DataBackup.take(dataDirectory: database.dataDirectory, to: folder.url.appendingPathComponent("backup"))
        writer.stop()
        finished.wait()
        #expect(writer.failure == nil)

        let restoredFolder = folder.url.appendingPathComponent("restored")
        try DataRestore.restore(from: folder.url.appendingPathComponent("backup"), into: restoredFolder)
        let restored = try ApprovalsDatabase.open(dataDirectory: restoredFolder, migrationsDirectory: Fixtures.migrationsDirectory,
                                                  options: Fixtures.options())
        let restoredStore = RecordStore(database: restored)
        for commit in acknowledgedBefore {
            let submission = try restoredStore.record(Submission.self, id: commit.submission.rawValue)
            #expect(submission.reference == commit.reference)
            let file = try #require(restoredStore.documentFile(sha256: commit.document))
            #expect(FileManager.default.contents(atPath: file.path) == Data(Writer.bytes(for: commit.index)))
        }
        let verification = try restored.verifyAudit()
        #expect(verification == .intact(eventCount: manifest.auditEventCount, headHash: manifest.auditHeadHash))
        #expect(manifest.documentCount >= acknowledgedBefore.count)
        #expect(try database.verifyAudit().holds)
    }

    @Test("a damaged file in the backup is refused before the data folder is touched")
    func damagedBackupIsRefused() throws {
        let folder = try TemporaryDataFolder()
        let store = RecordStore(database: try Fixtures.open(folder))
        _ = try Fixtures.seed(store)
        let document = try store.storeDocument(bytes: Array("evidence".utf8), originalName: "e.pdf", kind: .specification,
                                               uploadedBy: Fixtures.editorID, at: Fixtures.instant)
        let backup = folder.url.appendingPathComponent("backup")
        try DataBackup.take(dataDirectory: store.database.dataDirectory, to: backup)
        let copy = backup.appendingPathComponent(DocumentStore.relativePath(forSHA256: document.sha256))
        try Data("tampered".utf8).write(to: copy)
        let target = folder.url.appendingPathComponent("target")
        let error = #expect(throws: BackupError.self) { try DataRestore.restore(from: backup, into: target) }
        guard case .fileChanged(let path, _, _)? = error else { Issue.record("expected fileChanged, got \(String(describing: error))"); return }
        #expect(path == DocumentStore.relativePath(forSHA256: document.sha256))
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("approvals.sqlite").path))
    }

    @Test("an edited audit event in the backup's database is refused, even with a manifest rewritten to match its hash")
    func tamperedAuditIsRefused() throws {
        let folder = try TemporaryDataFolder()
        let store = RecordStore(database: try Fixtures.open(folder))
        _ = try Fixtures.seed(store)
        let backup = folder.url.appendingPathComponent("backup")
        let manifest = try DataBackup.take(dataDirectory: store.database.dataDirectory, to: backup)
        let databaseURL = backup.appendingPathComponent("approvals.sqlite")
        let queue = try DatabaseQueue(path: databaseURL.path)
        try queue.write { db in
            for name in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'") {
                try db.execute(sql: "DROP TRIGGER \(name)")
            }
            try db.execute(sql: "UPDATE audit_events SET reason = 'rewritten' WHERE sequence = 1")
        }
        try queue.close()
        let rehashed = try HashedCopy.hash(databaseURL)
        let forged = BackupManifest(format: manifest.format, createdAt: manifest.createdAt, schemaVersion: manifest.schemaVersion,
                                    auditEventCount: manifest.auditEventCount, auditHeadHash: manifest.auditHeadHash,
                                    files: manifest.files.map { $0.path == "approvals.sqlite" ? .init(path: $0.path, sha256: rehashed.sha256, size: rehashed.size) : $0 })
        try FileManager.default.removeItem(at: backup.appendingPathComponent(BackupManifest.fileName))
        try forged.write(into: backup)
        let error = #expect(throws: BackupError.self) { try DataRestore.restore(from: backup, into: folder.url.appendingPathComponent("target")) }
        guard case .auditBroken? = error else { Issue.record("expected auditBroken, got \(String(describing: error))"); return }
    }

    @Test("restore refuses a data folder that holds data unless forced, and then replaces it")
    func restoreNeedsEmptyFolderOrForce() throws {
        let folder = try TemporaryDataFolder()
        let store = RecordStore(database: try Fixtures.open(folder))
        _ = try Fixtures.seed(store)
        let backup = folder.url.appendingPathComponent("backup")
        let manifest = try DataBackup.take(dataDirectory: store.database.dataDirectory, to: backup)
        let occupied = try folder.subfolder("occupied")
        try Data("old".utf8).write(to: occupied.appendingPathComponent("approvals.sqlite"))
        #expect(throws: BackupError.dataFolderNotEmpty(occupied.path)) { try DataRestore.restore(from: backup, into: occupied) }
        #expect(FileManager.default.contents(atPath: occupied.appendingPathComponent("approvals.sqlite").path) == Data("old".utf8))
        try DataRestore.restore(from: backup, into: occupied, force: true)
        let reopened = try ApprovalsDatabase.open(dataDirectory: occupied, migrationsDirectory: Fixtures.migrationsDirectory, options: Fixtures.options())
        #expect(try reopened.verifyAudit() == .intact(eventCount: manifest.auditEventCount, headHash: manifest.auditHeadHash))
        #expect(throws: BackupError.destinationNotEmpty(backup.path)) {
            try DataBackup.take(dataDirectory: store.database.dataDirectory, to: backup)
        }
    }

    @Test("a folder without a manifest is not a backup")
    func missingManifest() throws {
        let folder = try TemporaryDataFolder()
        let empty = try folder.subfolder("not-a-backup")
        #expect(throws: BackupError.manifestMissing(empty.appendingPathComponent("manifest.json").path)) {
            try DataRestore.restore(from: empty, into: folder.url.appendingPathComponent("target"))
        }
    }

    @Test("a manifest listing a path outside the backup's layout is refused")
    func unsafePathRefused() throws {
        #expect(!DataRestore.isSafe(.init(path: "../etc/passwd", sha256: String(repeating: "a", count: 64), size: 1)))
        #expect(!DataRestore.isSafe(.init(path: "documents/aa/aa/../../x", sha256: String(repeating: "a", count: 64), size: 1)))
        let sha = String(repeating: "ab", count: 32)
        #expect(DataRestore.isSafe(.init(path: "documents/ab/ab/\(sha)", sha256: sha, size: 1)))
        #expect(DataRestore.isSafe(.init(path: "approvals.sqlite", sha256: sha, size: 1)))
    }
}

/// A thread that keeps committing a document and a new submission until stopped, and records each
/// commit once the store has acknowledged it.
private final class Writer: Sendable {
    struct Commit: Sendable {
        let index: Int
        let submission: SubmissionID
        let reference: RecordReference
        let document: String
    }

    private let state = Mutex<(commits: [Commit], stopped: Bool, failure: String?)>(([], false, nil))

    var acknowledged: [Commit] { state.withLock { $0.commits } }
    var failure: String? { state.withLock { $0.failure } }
    func stop() { state.withLock { $0.stopped = true } }

    static func bytes(for index: Int) -> [UInt8] { Array("evidence for submission \(index)\n".utf8) + [UInt8](repeating: UInt8(index % 256), count: 4096) }

    func run(store: RecordStore, cycle: CycleID, organisation: OrganisationID, editor: Actor) {
        var index = 0
        while !state.withLock({ $0.stopped }) {
            do {
                let document = try store.storeDocument(bytes: Self.bytes(for: index), originalName: "evidence-\(index).pdf",
                                                       kind: .specification, uploadedBy: editor.id, at: Fixtures.instant)
                let submission = try store.createSubmission(cycleID: cycle, organisationID: organisation, content: Fixtures.content,
                                                            by: editor, at: Fixtures.instant)
                let commit = Commit(index: index, submission: submission.id, reference: submission.reference, document: document.sha256)
                state.withLock { $0.commits.append(commit) }
            } catch {
                state.withLock { $0.failure = "\(error)"; $0.stopped = true }
            }
            index += 1
        }
    }
}
