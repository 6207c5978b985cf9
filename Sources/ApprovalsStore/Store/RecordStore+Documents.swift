public import Approvals
public import Foundation
import GRDB

extension RecordStore {
    /// Stores an uploaded file and records who uploaded it, when, under which name. The file is on
    /// disk (fsync'd, renamed, folder fsync'd) before the `documents` row commits, so a row never
    /// points at a missing file. Returns what a record keeps to point at it.
    public func storeDocument(contentsOf file: URL, originalName: String, kind: DocumentKind, uploadedBy: UserID,
                              at instant: Date) throws -> DocumentReference {
        try record(database.documents.store(contentsOf: file), originalName: originalName, kind: kind,
                   uploadedBy: uploadedBy, at: instant)
    }

    /// As `storeDocument(contentsOf:…)`, for a file received into `documentReceivingDirectory`: kept by
    /// renaming it into the store (no second copy), and consumed whatever happens (see
    /// `DocumentStore.store(movingFile:)`). `knownSHA256`: the digest computed as the file was received,
    /// which spares reading it back.
    public func storeDocument(movingFile file: URL, knownSHA256: String? = nil, originalName: String, kind: DocumentKind,
                              uploadedBy: UserID, at instant: Date) throws -> DocumentReference {
        try record(database.documents.store(movingFile: file, knownSHA256: knownSHA256), originalName: originalName, kind: kind,
                   uploadedBy: uploadedBy, at: instant)
    }

    /// Where uploads should be received so that `storeDocument(movingFile:…)` can keep them by rename.
    public var documentReceivingDirectory: URL { database.documents.receivingDirectory }

    /// True when the documents' file system has no room left (a failed upload write then means
    /// `DocumentStorageFull`, not a fault).
    public var documentStorageIsFull: Bool { database.documents.isOutOfRoom() }

    /// As `storeDocument(contentsOf:…)`, for bytes in memory.
    public func storeDocument(bytes: [UInt8], originalName: String, kind: DocumentKind, uploadedBy: UserID,
                              at instant: Date) throws -> DocumentReference {
        try record(database.documents.store(bytes: bytes), originalName: originalName, kind: kind,
                   uploadedBy: uploadedBy, at: instant)
    }

    /// Where the bytes of a stored document are, for sending them back.
    public func documentFile(sha256: String) -> URL? {
        guard DocumentReference.isValidSHA256(sha256) else { return nil }
        let url = database.documents.url(forSHA256: sha256)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The uploads of one file (the same bytes uploaded twice are one file, two rows).
    public func uploads(sha256: String) throws -> [Document] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM documents WHERE sha256 = ? ORDER BY id", arguments: [sha256]).map {
                Document(sha256: $0["sha256"], byteCount: $0["byte_count"], mediaType: $0["media_type"],
                         originalName: $0["original_name"], uploadedBy: UserID($0["uploaded_by"]),
                         uploadedAt: StoreTime.parse($0["uploaded_at"]) ?? .distantPast)
            }
        }
    }

    private func record(_ blob: StoredBlob, originalName: String, kind: DocumentKind, uploadedBy: UserID,
                        at instant: Date) throws -> DocumentReference {
        // Never trust a path in an uploaded name: keep its last component only.
        let name = String(originalName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "document")
        try database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO documents (sha256, byte_count, media_type, original_name, uploaded_by, uploaded_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [blob.sha256, blob.size, blob.mediaType, name, uploadedBy.rawValue, StoreTime.format(instant)])
        }
        guard let reference = DocumentReference(kind: kind, sha256: blob.sha256, originalName: name,
                                                byteCount: blob.size, mediaType: blob.mediaType)
        else { preconditionFailure("the document store produced an invalid SHA-256") }
        return reference
    }
}
