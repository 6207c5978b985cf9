import ApprovalsStore
import HTTPServer

/// The request body of an evidence upload: multipart, parsed as it arrives, with its files written
/// straight into the document store's receiving folder, so that keeping one is a rename on the same
/// file system rather than a second copy made while a worker waits.
///
/// Receiving there means a full documents disk is met while the body streams in, not when the file is
/// kept. Such a failure does not cut the connection halfway (the browser might never see an answer):
/// the partial files are deleted, the rest of the body is read and dropped, and at its end the
/// request is refused with `DocumentStorageFull`, the store's own message, as a failed keep was.
final class EvidenceBodySink: RequestBodySink {
    private let parser: MultipartBodySink
    private let records: RecordStore
    private var outOfRoom = false

    init(head: RequestHead, limits: MultipartLimits, records: RecordStore) throws {
        // Each file's SHA-256 is computed as it arrives, so keeping it does not read it back.
        parser = try MultipartBodySink(head: head, limits: limits, directory: records.documentReceivingDirectory.path,
                                       digestingFiles: true)
        self.records = records
    }

    /// The route body that receives through this sink.
    static func routeBody(maxBytes: Int, limits: MultipartLimits, records: RecordStore) -> RouteBody {
        .custom(maxBytes: maxBytes) { head in try EvidenceBodySink(head: head, limits: limits, records: records) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !outOfRoom else { return }
        do {
            try parser.write(bytes)
        } catch MultipartError.storageFailed where records.documentStorageIsFull {
            outOfRoom = true
            parser.abort()
        }
    }

    /// The parser's staging memory, so that evidence files are read in place as plain multipart ones are.
    func receivingBuffer(upTo limit: Int) -> UnsafeMutableRawBufferPointer? {
        outOfRoom ? nil : parser.receivingBuffer(upTo: limit)
    }

    /// The parser's answer, so that the loop serves other uploads while this one's disk write runs.
    func isReadyForBytes(orResume resume: @escaping @Sendable () -> Void) -> Bool {
        outOfRoom || parser.isReadyForBytes(orResume: resume)
    }

    func finish() throws -> RequestBody {
        if outOfRoom { throw DocumentStorageFull() }
        return try parser.finish()
    }

    func abort() {
        if !outOfRoom { parser.abort() }
    }
}
