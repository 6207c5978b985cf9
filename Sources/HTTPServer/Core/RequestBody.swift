import Glibc

/// The body of a request as a handler receives it, after the event loop has read it all through the
/// route's `RequestBodySink`.
///
/// Small bodies are bytes in memory; larger ones are a file the sink spooled to disk. A sink that
/// parses as it receives (multipart) leaves its typed result in `payload`. Files listed in
/// `temporaryFiles` belong to the request: the server deletes them once the response has been sent,
/// so a handler that wants to keep one must move it (rename) before it returns.
public struct RequestBody: Sendable {
    /// Where the raw bytes are.
    public enum Content: Sendable {
        case empty
        case bytes([UInt8])
        /// A file holding exactly `count` bytes of body.
        case file(path: String, count: Int)
    }

    public var content: Content
    /// A sink's parsed result (for example multipart parts), if the sink produced one.
    public var payload: (any Sendable)?
    /// Paths the server removes after the response, whether or not the handler succeeded.
    public var temporaryFiles: [String]

    public init(content: Content, payload: (any Sendable)? = nil, temporaryFiles: [String] = []) {
        self.content = content
        self.payload = payload
        self.temporaryFiles = temporaryFiles
    }

    public static let empty = RequestBody(content: .empty)

    public static func bytes(_ bytes: [UInt8]) -> RequestBody {
        RequestBody(content: bytes.isEmpty ? .empty : .bytes(bytes))
    }

    /// The number of raw body bytes (0 for a sink that kept only a payload).
    public var count: Int {
        switch content {
        case .empty: 0
        case .bytes(let bytes): bytes.count
        case .file(_, let count): count
        }
    }

    /// The payload, if the sink produced one of type `T`.
    public func payload<T: Sendable>(as type: T.Type) -> T? {
        payload as? T
    }

    /// A reader that hands out the body in chunks of at most `chunkSize` bytes.
    public func makeReader(chunkSize: Int = 64 * 1024) throws -> RequestBodyReader {
        try RequestBodyReader(content: content, chunkSize: chunkSize)
    }

    /// The whole body in memory. Throws 413 if it is longer than `limit`, so a handler cannot be
    /// tricked into loading a spooled gigabyte.
    public func collect(upTo limit: Int = 1 << 20) throws -> [UInt8] {
        guard count <= limit else {
            throw HTTPError(.contentTooLarge, "The request body is too large.")
        }
        switch content {
        case .empty:
            return []
        case .bytes(let bytes):
            return bytes
        case .file:
            var result: [UInt8] = []
            result.reserveCapacity(count)
            let reader = try makeReader()
            while let chunk = try reader.next() { result += chunk }
            return result
        }
    }

    /// Deletes the temporary files. Called by the server after the response; safe to call twice.
    public func removeTemporaryFiles() {
        for path in temporaryFiles { unlink(path) }
    }
}

/// Reads a `RequestBody` in chunks. Used by one thread at a time; closes its file when released.
public final class RequestBodyReader {
    private var remaining: [UInt8]
    private var fileDescriptor: Int32 = -1
    private let chunkSize: Int

    init(content: RequestBody.Content, chunkSize: Int) throws {
        self.chunkSize = max(1, chunkSize)
        switch content {
        case .empty:
            remaining = []
        case .bytes(let bytes):
            remaining = bytes
        case .file(let path, _):
            remaining = []
            fileDescriptor = open(path, O_RDONLY | O_CLOEXEC)
            if fileDescriptor < 0 {
                throw HTTPError(.internalServerError, "The request body could not be read.")
            }
        }
    }

    deinit {
        if fileDescriptor >= 0 { close(fileDescriptor) }
    }

    /// The next chunk, or nil at the end of the body.
    public func next() throws -> [UInt8]? {
        if fileDescriptor < 0 {
            guard !remaining.isEmpty else { return nil }
            let take = min(chunkSize, remaining.count)
            let chunk = Array(remaining[..<take])
            remaining.removeFirst(take)
            return chunk
        }
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw HTTPError(.internalServerError, "The request body could not be read.")
            }
            if count == 0 { return nil }
            chunk.removeSubrange(count...)
            return chunk
        }
    }
}
