import Approvals
import ContentHash
import Foundation
import GRDB
import Testing
@testable import ApprovalsStore

/// A child process commits a burst of transitions and is killed with SIGKILL part-way. Everything
/// it acknowledged (it prints an acknowledgement only after the commit returned) must be in the
/// reopened database, the audit chain must hold, and documents must be neither missing nor orphaned.
@Suite("Crash recovery")
struct CrashRecoveryTests {
    struct Acknowledgement: Hashable {
        let reference: String
        let version: Int
        let sha256: String
    }

    @Test("SIGKILL in the middle of a burst loses nothing acknowledged", arguments: [25, 70])
    func killedMidBurst(acknowledgementsBeforeKill: Int) throws {
        let binary = try #require(Self.approvalsBinary(), "build the approvals executable first (swift build --build-tests does)")
        let folder = try TemporaryDataFolder()
        let data = folder.url.appendingPathComponent("data")
        let child = Process()
        child.executableURL = binary
        child.arguments = ["store-burst", "--data", data.path, "--migrations", Fixtures.migrationsDirectory.path, "--count", "100000"]
        let output = Pipe()
        let errors = folder.url.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        child.standardOutput = output
        child.standardError = try FileHandle(forWritingTo: errors)
        try child.run()
        // A watchdog, so that a child that hangs fails the test instead of stalling it.
        let pid = child.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { kill(pid, SIGKILL) }

        var acknowledged: [Acknowledgement] = []
        var pending = Data()
        let reader = output.fileHandleForReading
        func take(_ chunk: Data) {
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                let fields = line.split(separator: " ")
                if fields.count == 4, fields[0] == "ack", let version = Int(fields[2]) {
                    acknowledged.append(Acknowledgement(reference: String(fields[1]), version: version, sha256: String(fields[3])))
                }
            }
        }
        while acknowledged.count < acknowledgementsBeforeKill {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            take(chunk)
        }
        kill(pid, SIGKILL)
        child.waitUntilExit()
        take(reader.readDataToEndOfFile()) // acknowledgements written between our last read and the kill
        let childErrors = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        #expect(acknowledged.count >= acknowledgementsBeforeKill, "the child stopped early: \(childErrors)")
        #expect(child.terminationReason == .uncaughtSignal)

        // Reopen as the server would after a crash, sweeping orphans at once.
        let database = try ApprovalsDatabase.open(dataDirectory: data, migrationsDirectory: Fixtures.migrationsDirectory,
                                                  options: Fixtures.options(sweep: 0))
        let store = RecordStore(database: database)
        for acknowledgement in acknowledged {
            let submission = try store.record(Submission.self, reference: acknowledgement.reference)
            #expect(submission.version >= acknowledgement.version, "\(acknowledgement.reference) lost version \(acknowledgement.version)")
            #expect(submission.draft.documents.map(\.sha256) == [acknowledgement.sha256])
        }
        #expect(try database.verifyAudit().holds)

        // Every document row has its file, every file has a row, every record's document is stored.
        let rows = Set(try database.pool.read { try String.fetchAll($0, sql: "SELECT DISTINCT sha256 FROM documents") })
        let files = Set(try database.documents.storedHashes().keys)
        #expect(rows == files)
        let referenced = try store.page(Submission.self, limit: 500).records.flatMap(\.draft.documents).map(\.sha256)
        #expect(Set(referenced).isSubset(of: files))
        for sha256 in files {
            let bytes = try Data(contentsOf: database.documents.url(forSHA256: sha256))
            #expect(SHA256Hasher.hex(of: Array(bytes)) == sha256, "document \(sha256) is damaged")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: database.documents.incoming.path).isEmpty)
        // Every audited creation has its record, and no record lacks its creation event.
        let created = try database.pool.read {
            try String.fetchAll($0, sql: "SELECT record_reference FROM audit_events WHERE record_type = 'submission' AND action = 'create'")
        }
        let stored = try database.pool.read { try String.fetchAll($0, sql: "SELECT reference FROM submissions") }
        #expect(Set(created) == Set(stored))
    }

    /// The `approvals` executable beside the test bundle (`.build/<triple>/debug/approvals`).
    static func approvalsBinary() -> URL? {
        var candidates: [URL] = []
        if let bundle = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var folder = URL(fileURLWithPath: bundle).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent("approvals"))
                folder = folder.deletingLastPathComponent()
            }
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("approvals"))
        candidates.append(Fixtures.packageRoot.appendingPathComponent(".build/debug/approvals"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) && !$0.hasDirectoryPath }
    }
}
