/// The body sink for multipart routes: parses the body as the event loop reads it, so by the time
/// the handler runs the fields are in memory and the files are complete on disk.
///
/// The boundary comes from the request's Content-Type; a missing or bad one refuses the request
/// (415 or 400) before any body is read. On abort (client gone, framing broken) every file written
/// is deleted; after a normal finish the files are listed in `RequestBody.temporaryFiles`, which the
/// server deletes once the response has been sent.
public final class MultipartBodySink: RequestBodySink {
    private let reader: MultipartFormReader

    /// - Parameter digestingFiles: compute each file's SHA-256 as its bytes arrive
    ///   (`UploadedFile.sha256`), for handlers that keep files by their digest.
    public init(head: RequestHead, limits: MultipartLimits = .standard, directory: String? = nil,
                digestingFiles: Bool = false) throws(MultipartError) {
        let boundary = try MultipartBoundary(contentType: head.headers.first("Content-Type") ?? "")
        reader = MultipartFormReader(boundary: boundary, limits: limits, directory: directory ?? TemporaryDirectory.path,
                                     digestingFiles: digestingFiles)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try reader.write(bytes)
    }

    public func receivingBuffer(upTo limit: Int) -> UnsafeMutableRawBufferPointer? {
        reader.receivingBuffer(upTo: limit)
    }

    public func isReadyForBytes(orResume resume: @escaping @Sendable () -> Void) -> Bool {
        reader.isReadyForBytes(orResume: resume)
    }

    public func finish() throws -> RequestBody {
        let form = try reader.finish()
        return RequestBody(content: .empty, payload: form, temporaryFiles: form.files.map(\.temporaryPath))
    }

    public func abort() {
        reader.abort()
    }
}
