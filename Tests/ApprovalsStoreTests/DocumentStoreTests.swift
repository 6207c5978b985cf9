import Approvals
import ContentHash
import Foundation
import GRDB
import Testing
@testable import ApprovalsStore

@Suite("Documents")
struct DocumentStoreTests {
    @Test("the same bytes uploaded twice are one file and two upload rows")
    func storedOncePerSHA256() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        let store = RecordStore(database: database)
        let bytes = Array("%PDF-1.7\nspecification\n%%EOF\n".utf8)
        let first = try store.storeDocument(bytes: bytes, originalName: "spec.pdf", kind: .specification, uploadedBy: UserID("a"), at: Fixtures.instant)
        let second = try store.storeDocument(bytes: bytes, originalName: "../../etc/spec-again.pdf", kind: .specification,
                                             uploadedBy: UserID("b"), at: Fixtures.instant.addingTimeInterval(60))
        #expect(first.sha256 == second.sha256)
        #expect(first.sha256 == SHA256Hasher.hex(of: bytes))
        #expect(first.mediaType == "application/pdf")
        #expect(first.byteCount == Int64(bytes.count))
        #expect(second.originalName == "spec-again.pdf") // no path from an uploaded name is kept
        let uploads = try store.uploads(sha256: first.sha256)
        #expect(uploads.map(\.uploadedBy.rawValue) == ["a", "b"])
        let file = try #require(store.documentFile(sha256: first.sha256))
        #expect(file.path.hasSuffix("documents/\(first.sha256.prefix(2))/\(first.sha256.dropFirst(2).prefix(2))/\(first.sha256)"))
        #expect(try Array(Data(contentsOf: file)) == bytes)
        #expect(try database.documents.storedHashes().count == 1)
    }

    @Test("a file is in its final place, complete, before any row can reference it; nothing is left in incoming/")
    func durableBeforeRow() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let source = folder.url.appendingPathComponent("upload.bin")
        try Data(bytes).write(to: source)
        let blob = try database.documents.store(contentsOf: source)
        // No row exists yet: the bytes are already where a row will point.
        #expect(try database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM documents") } == 0)
        #expect(try Array(Data(contentsOf: database.documents.url(forSHA256: blob.sha256))) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: database.documents.incoming.path).isEmpty)
        #expect(blob.size == 300_000)
    }

    @Test("a file whose row never committed is swept at the next open; referenced files stay")
    func orphansAreSwept() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        let store = RecordStore(database: database)
        let kept = try store.storeDocument(bytes: Array("kept".utf8), originalName: "kept.txt", kind: .other, uploadedBy: UserID("a"), at: Fixtures.instant)
        // As if the process died between writing the file and committing its row.
        let orphan = try database.documents.store(bytes: Array("orphan".utf8))
        try Data("half".utf8).write(to: database.documents.incoming.appendingPathComponent("interrupted-upload"))
        try database.close()
        // A grace period protects files another process may be about to commit.
        let young = try Fixtures.open(folder, sweep: 3600)
        #expect(young.orphansRemovedAtOpen.isEmpty)
        try young.close()
        let reopened = try Fixtures.open(folder, sweep: 0)
        #expect(reopened.orphansRemovedAtOpen == [orphan.sha256])
        #expect(try Set(reopened.documents.storedHashes().keys) == [kept.sha256])
        #expect(try FileManager.default.contentsOfDirectory(atPath: reopened.documents.incoming.path).isEmpty)
    }

    @Test("media types are sniffed from the bytes", arguments: [
        ("%PDF-1.4 rest", "application/pdf"),
        ("\u{89}PNG\r\n\u{1A}\n....", "image/png"),
        ("reference,title\nST0123,Bricklayer\n", "text/csv"),
        ("Dear reviewer,\nthank you.\n", "text/plain"),
    ])
    func sniffsText(sample: String, expected: String) {
        let bytes = sample.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        #expect(MediaTypeSniffer.sniff(bytes) == expected)
    }

    @Test("binary formats are told apart")
    func sniffsBinary() {
        let zipHeader: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]
        #expect(MediaTypeSniffer.sniff(zipHeader + Array("[Content_Types].xml word/document.xml".utf8)) == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(MediaTypeSniffer.sniff(zipHeader + Array("[Content_Types].xml xl/workbook.xml".utf8)) == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(MediaTypeSniffer.sniff(zipHeader + Array("notes.txt".utf8)) == "application/zip")
        #expect(MediaTypeSniffer.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == "image/jpeg")
        #expect(MediaTypeSniffer.sniff([0x7F, 0x45, 0x4C, 0x46, 0x02]) == "application/octet-stream") // an ELF binary
        #expect(MediaTypeSniffer.sniff([]) == "application/octet-stream")
        // A multi-byte character cut off at the end of the sniffed prefix is still text.
        #expect(MediaTypeSniffer.sniff(Array("price in \u{20AC}".utf8).dropLast(1)) == "text/plain")
        #expect(MediaTypeSniffer.sniff(Array("caf".utf8) + [0xC3, 0xC3]) == "application/octet-stream")
    }

    @Test("SHA-256 matches the published test vectors")
    func sha256Vectors() {
        #expect(SHA256Hasher.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Hasher.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
