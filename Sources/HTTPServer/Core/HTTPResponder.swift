/// What the server calls for every request: the application (usually the router and its middleware).
///
/// For each request the event loop first calls `bodyPolicy(for:)` with the head alone, to learn how
/// much body to accept, where to put it and where to run the handler. It reads the whole body through
/// the policy's sink, then calls `respond(to:)`, on a worker thread unless the policy says the handler
/// may run inline on the event loop. `respond` may block (SQLite, disk); a thrown `HTTPStatusError`
/// becomes its status, any other error a 500.
public protocol HTTPResponder: Sendable {
    func bodyPolicy(for head: RequestHead) -> BodyPolicy
    /// What the server calls in place of `bodyPolicy(for:)`: the same answer, and a chance to leave
    /// what was learned on the way (the router's match) in the head for `respond` to reuse.
    func prepare(_ head: inout RequestHead) -> BodyPolicy
    func respond(to request: HTTPRequest) throws -> HTTPResponse
}

extension HTTPResponder {
    public func bodyPolicy(for head: RequestHead) -> BodyPolicy { .standard }
    public func prepare(_ head: inout RequestHead) -> BodyPolicy { bodyPolicy(for: head) }
}

/// How the server treats one request's body and handler, decided from the head before any body is read.
public struct BodyPolicy: Sendable {
    /// The largest body accepted, in bytes; nil means `ServerConfiguration.defaultMaxBodyBytes`.
    /// A Content-Length above it is answered 413 before the body is read, and a chunked body as soon
    /// as it grows past it; the connection is then closed.
    public var maxBodyBytes: Int?
    /// Makes the sink that receives the body as it arrives (called once per request with a body).
    public var makeSink: @Sendable (RequestHead) throws -> any RequestBodySink
    /// Whether `respond` runs directly on the event loop. Only for handlers that never block and
    /// finish in microseconds (health checks, static files from the page cache): an inline handler
    /// stalls every connection of its loop while it runs, but skips two thread hand-offs.
    public var runsInline: Bool

    public init(
        maxBodyBytes: Int? = nil,
        runsInline: Bool = false,
        makeSink: @escaping @Sendable (RequestHead) throws -> any RequestBodySink = { _ in SpoolingBodySink() }
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.runsInline = runsInline
        self.makeSink = makeSink
    }

    /// Default limit, spooling sink, handler on a worker.
    public static let standard = BodyPolicy()
    /// Default limit, spooling sink, handler inline on the event loop.
    public static let inline = BodyPolicy(runsInline: true)
}
