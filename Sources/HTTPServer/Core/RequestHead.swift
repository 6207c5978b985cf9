/// The request line and header fields of one request, as the parser accepted them.
///
/// `path` is still percent-encoded (decoding is the router's business, because `%2F` must not split a
/// segment) and `query` is the raw text after `?`, without the `?`. For an absolute-form target
/// (`GET http://example.org/a?b HTTP/1.1`) the authority goes to `authority` and the path and query
/// are taken from the rest, so handlers see the same `path` either way.
public struct RequestHead: Sendable {
    public var method: HTTPMethod
    /// The request target exactly as sent on the request line.
    public var target: String
    /// The path part of the target, percent-encoded as sent; `*` for `OPTIONS *`.
    public var path: String
    /// The raw query after `?`, or nil when the target has no `?`.
    public var query: String?
    /// The authority of an absolute-form target (`host[:port]`), which overrides Host (RFC 9112 §3.2.2).
    public var authority: String?
    public var version: HTTPVersion
    /// Header fields in the order received, duplicates kept.
    public var headers: HTTPHeaders
    /// How the body is delimited; decided by the parser from Content-Length and Transfer-Encoding.
    public var framing: MessageFraming
    /// Whether the client asked to keep the connection open after this exchange.
    public var keepAlive: Bool
    /// Whether the client sent `Expect: 100-continue` and waits for a 100 before sending its body.
    public var expectsContinue: Bool
    /// The peer's address as `host:port`, filled in by the server (nil in tests without a socket).
    public var remoteAddress: String?
    /// What the responder learned in `prepare` (the router's match for this method and path), so
    /// that it need not be worked out twice.
    var prepared: (any Sendable)?

    /// Builds a head as the parser would, splitting `target` into path and query. For tests and for
    /// callers that run a responder without a socket.
    public init(
        method: HTTPMethod,
        target: String,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:],
        framing: MessageFraming = .none,
        remoteAddress: String? = nil
    ) {
        self.method = method
        self.target = target
        let parts = RequestTarget.split(target)
        self.path = parts.path
        self.query = parts.query
        self.authority = parts.authority
        self.version = version
        self.headers = headers
        self.framing = framing
        self.keepAlive = RequestHead.wantsKeepAlive(version: version, headers: headers)
        self.expectsContinue = headers.first("Expect").map { HTTPHeaders.namesMatch($0, "100-continue") } ?? false
        self.remoteAddress = remoteAddress
    }

    /// Keep-alive is the default in HTTP/1.1 unless `Connection: close`; in HTTP/1.0 only with
    /// `Connection: keep-alive`.
    static func wantsKeepAlive(version: HTTPVersion, headers: HTTPHeaders) -> Bool {
        if headers.containsToken("close", in: "Connection") { return false }
        if version == .http1_1 { return true }
        return headers.containsToken("keep-alive", in: "Connection")
    }

    /// The declared body length, when the body is delimited by Content-Length.
    public var contentLength: Int? {
        if case .length(let length) = framing { return length }
        return nil
    }
}

/// How a request body is delimited on the wire.
public enum MessageFraming: Sendable, Equatable {
    /// No body (no Content-Length and no Transfer-Encoding).
    case none
    /// Exactly this many bytes follow the head.
    case length(Int)
    /// Chunked transfer coding, ending with a zero-size chunk and optional trailers.
    case chunked
}

/// Splitting of a request target into the pieces of `RequestHead`. Knows the origin, absolute and
/// asterisk forms; the parser has already checked the bytes are visible ASCII.
enum RequestTarget {
    static func split(_ target: String) -> (path: String, query: String?, authority: String?) {
        var rest = Substring(target)
        var authority: String?
        if !rest.hasPrefix("/") && rest != "*", let afterScheme = RequestTarget.afterScheme(rest) {
            let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
            authority = String(afterScheme[..<authorityEnd])
            rest = afterScheme[authorityEnd...]
        }
        let path: Substring
        let query: String?
        if let mark = rest.firstIndex(of: "?") {
            path = rest[..<mark]
            query = String(rest[rest.index(after: mark)...])
        } else {
            path = rest
            query = nil
        }
        return (path.isEmpty ? "/" : String(path), query, authority)
    }

    /// The text after `scheme://`, if the target starts with a scheme (letters, digits, `+-.`).
    static func afterScheme(_ target: Substring) -> Substring? {
        let utf8 = target.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: ":") { break }
            let isSchemeByte = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E
            if !isSchemeByte { return nil }
            index = utf8.index(after: index)
        }
        guard index != utf8.startIndex, index != utf8.endIndex else { return nil }
        let slashes = utf8.index(after: index)
        guard utf8[slashes...].starts(with: "//".utf8) else { return nil }
        return Substring(utf8[utf8.index(slashes, offsetBy: 2)...])
    }
}
