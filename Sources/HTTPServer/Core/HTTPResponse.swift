public import Foundation

/// A response a handler returns. The server adds `Date` and the framing (`Content-Length` or chunked
/// `Transfer-Encoding`); any framing header the handler sets is replaced, so it cannot disagree with
/// the body. Set `Connection: close` to close the connection after this response.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: ResponseBody

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: ResponseBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A plain-text response (`text/plain; charset=utf-8`).
    public static func text(_ text: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .bytes(Array(text.utf8)))
    }

    /// An HTML response (`text/html; charset=utf-8`).
    public static func html(_ html: String, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .bytes(Array(html.utf8)))
    }

    /// A JSON response from bytes already encoded.
    public static func json(
        _ bytes: [UInt8], status: HTTPStatus = .ok, contentType: String = "application/json"
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: .bytes(bytes))
    }

    /// A JSON response encoding `value`.
    public static func json<Value: Encodable>(
        _ value: Value, status: HTTPStatus = .ok, encoder: JSONEncoder = JSONEncoder(),
        contentType: String = "application/json"
    ) throws -> HTTPResponse {
        try json(Array(encoder.encode(value)), status: status, contentType: contentType)
    }

    /// The plain-text answer the server gives for an error status.
    public static func error(_ status: HTTPStatus, message: String? = nil) -> HTTPResponse {
        text((message ?? status.reasonPhrase) + "\n", status: status)
    }
}

/// What follows the head of a response.
public enum ResponseBody: Sendable {
    case empty
    case bytes([UInt8])
    /// A file (or part of one) sent by the event loop with `sendfile`, never copied through Swift.
    case file(FileRegion)
    /// Bytes produced on a worker thread while the loop sends them.
    case stream(ResponseStream)
}

/// A file or byte range of a file to send as a body. The event loop opens the file when it starts the
/// response; a file that cannot be opened then ends the connection (the handler should check first).
public struct FileRegion: Sendable {
    public var path: String
    /// Byte offsets within the file; nil for the whole file.
    public var range: Range<Int>?

    public init(path: String, range: Range<Int>? = nil) {
        self.path = path
        self.range = range
    }
}

/// A body written piece by piece by `produce`, which runs on a worker thread.
///
/// The writer blocks when the client reads slower than `produce` writes (a few chunks are buffered),
/// and throws once the client has gone, so `produce` should let errors propagate. With `length` nil
/// the body is sent chunked (or, to an HTTP/1.0 client, delimited by closing the connection); with a
/// length it is sent with Content-Length and `produce` must write exactly that many bytes.
public struct ResponseStream: Sendable {
    public var length: Int?
    public var produce: @Sendable (any ResponseBodyWriter) throws -> Void

    public init(length: Int? = nil, produce: @escaping @Sendable (any ResponseBodyWriter) throws -> Void) {
        self.length = length
        self.produce = produce
    }
}

/// Where a `ResponseStream` writes its bytes.
public protocol ResponseBodyWriter {
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

extension ResponseBodyWriter {
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }
}
