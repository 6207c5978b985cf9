/// The sizes the request parser refuses to exceed. Each is checked as bytes arrive, so a client can
/// never make the server buffer more than these while waiting for a line to end.
public struct RequestParserLimits: Sendable, Equatable {
    /// Longest request line (method, target, version), without its CRLF. Longer is answered 414.
    public var maxRequestLineBytes: Int
    /// Most bytes of header fields after the request line, CRLFs included. More is answered 431.
    /// Also bounds the trailer section of a chunked body.
    public var maxHeaderBytes: Int
    /// Most header fields (and, separately, trailer fields). More is answered 431.
    public var maxHeaderCount: Int
    /// Longest chunk-size line, extensions included. Longer is answered 400.
    public var maxChunkLineBytes: Int

    public init(
        maxRequestLineBytes: Int = 8 * 1024,
        maxHeaderBytes: Int = 32 * 1024,
        maxHeaderCount: Int = 100,
        maxChunkLineBytes: Int = 4 * 1024
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxChunkLineBytes = maxChunkLineBytes
    }
}
