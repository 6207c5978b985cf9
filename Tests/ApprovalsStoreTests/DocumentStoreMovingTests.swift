import Approvals
import ContentHash
import Foundation
import Glibc
import GRDB
import Testing
@testable import ApprovalsStore

/// Uploads received on the documents' file system and kept by rename: one read, no second copy.
@Suite("Documents kept by moving")
struct DocumentStoreMovingTests {
    private func received(_ bytes: [UInt8], in database: ApprovalsDatabase) throws -> URL {
        let url = database.documents.receivingDirectory.appendingPathComponent("upload-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        return url
    }

    private func inode(_ url: URL) -> UInt {
        var status = stat()
        return stat(url.path, &status) == 0 ? UInt(status.st_ino) : 0
    }

    @Test("a received file becomes the stored file itself (same inode), durable before a row, nothing left behind")
    func movedNotCopied() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        let store = RecordStore(database: database)
        let bytes = Array("%PDF-1.7\n".utf8) + (0..<700_000).map { UInt8(truncatingIfNeeded: $0 &* 131) }
        let source = try received(bytes, in: database)
        let before = inode(source)
        let reference = try store.storeDocument(movingFile: source, originalName: "C:\\evidence\\spec.pdf", kind: .specification,
                                                uploadedBy: UserID("a"), at: Fixtures.instant)
        #expect(reference.sha256 == SHA256Hasher.hex(of: bytes))
        #expect(reference.byteCount == Int64(bytes.count))
        #expect(reference.mediaType == "application/pdf")
        #expect(reference.originalName == "spec.pdf")
        let stored = try #require(store.documentFile(sha256: reference.sha256))
        #expect(inode(stored) == before)
        #expect(try Array(Data(contentsOf: stored)) == bytes)
        #expect(!FileManager.default.fileExists(atPath: source.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: database.documents.incoming.path).isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: stored.path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(try store.uploads(sha256: reference.sha256).count == 1)
    }

    @Test("a digest computed as the file arrived is used as given: same stored file, size and sniffed type, nothing read back")
    func knownDigestIsUsed() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        let store = RecordStore(database: database)
        let bytes = Array("%PDF-1.7\n".utf8) + (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let digest = SHA256Hasher.hex(of: bytes)
        let reference = try store.storeDocument(movingFile: try received(bytes, in: database), knownSHA256: digest,
                                                originalName: "spec.pdf", kind: .specification, uploadedBy: UserID("a"), at: Fixtures.instant)
        #expect(reference.sha256 == digest)
        #expect(reference.byteCount == Int64(bytes.count))
        #expect(reference.mediaType == "application/pdf")
        #expect(try Array(Data(contentsOf: try #require(store.documentFile(sha256: digest)))) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: database.documents.incoming.path).isEmpty)
    }

    @Test("a digest that is not 64 hexadecimal digits is ignored and the file hashed as it is read")
    func malformedDigestIsIgnored() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        let store = RecordStore(database: database)
        let bytes = Array("plain text evidence".utf8)
        let reference = try store.storeDocument(movingFile: try received(bytes, in: database), knownSHA256: "../../etc/passwd",
                                                originalName: "a.txt", kind: .specification, uploadedBy: UserID("a"), at: Fixtures.instant)
        #expect(reference.sha256 == SHA256Hasher.hex(of: bytes))
    }

    @Test("bytes already stored: the received copy is deleted, the stored file kept, both uploads recorded")
    func duplicateIsDropped() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        let store = RecordStore(database: database)
        let bytes = Array("reference,title\nST0123,Bricklayer\n".utf8)
        let first = try store.storeDocument(movingFile: try received(bytes, in: database), originalName: "map.csv", kind: .mappingTemplate,
                                            uploadedBy: UserID("a"), at: Fixtures.instant)
        let stored = try #require(store.documentFile(sha256: first.sha256))
        let storedInode = inode(stored)
        let again = try received(bytes, in: database)
        let second = try store.storeDocument(movingFile: again, originalName: "map-again.csv", kind: .mappingTemplate,
                                             uploadedBy: UserID("b"), at: Fixtures.instant)
        #expect(second.sha256 == first.sha256)
        #expect(inode(stored) == storedInode)
        #expect(!FileManager.default.fileExists(atPath: again.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: database.documents.incoming.path).isEmpty)
        #expect(try database.documents.storedHashes().count == 1)
        #expect(try store.uploads(sha256: first.sha256).map(\.uploadedBy.rawValue) == ["a", "b"])
    }

    @Test("a file that cannot be read is refused with no row and nothing stored")
    func unreadableSourceStoresNothing() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        let store = RecordStore(database: database)
        let missing = database.documents.receivingDirectory.appendingPathComponent("upload-gone")
        #expect(throws: (any Error).self) {
            try store.storeDocument(movingFile: missing, originalName: "gone.pdf", kind: .other, uploadedBy: UserID("a"), at: Fixtures.instant)
        }
        #expect(try database.documents.storedHashes().isEmpty)
        #expect(try database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM documents") } == 0)
    }

    @Test("a received upload left behind by a crash is swept like any incoming leftover")
    func leftoverUploadIsSwept() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        _ = try received(Array("half an upload".utf8), in: database)
        try database.close()
        let reopened = try Fixtures.open(folder, sweep: 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: reopened.documents.receivingDirectory.path).isEmpty)
    }

    @Test("out of room means less free space than the margin on the documents' file system")
    func outOfRoom() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        #expect(!database.documents.isOutOfRoom(below: 0))
        #expect(database.documents.isOutOfRoom(below: UInt64.max))
    }
}
