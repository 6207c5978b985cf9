import Glibc

/// Everything an `HTTPServer` needs to know before it starts: where to listen, how many threads, and
/// the limits and deadlines that keep slow or hostile clients from costing more than a socket.
///
/// The defaults suit a small service behind nothing: tests shorten the deadlines.
public struct ServerConfiguration: Sendable {
    /// Address to bind: an IPv4 or IPv6 literal, or a name such as `localhost`.
    public var host: String
    /// When set, every connection speaks TLS with this certificate (HTTPS); nil serves plain HTTP.
    public var tls: TLSContext? = nil
    /// Port to bind; 0 picks a free port (read it back from `HTTPServer.port`).
    public var port: Int
    /// Sizes of request lines, header sections and chunk lines.
    public var parserLimits: RequestParserLimits
    /// Body limit for routes whose `BodyPolicy` does not set one.
    public var defaultMaxBodyBytes: Int
    /// Time allowed to receive a whole request head, from its first byte (or from accepting the
    /// connection). Past it the connection gets 408 and is closed: the defence against slowloris.
    public var headerTimeout: Duration
    /// Time a keep-alive connection may sit with no request before it is closed.
    public var idleTimeout: Duration
    /// A body must arrive at no less than this many bytes per second, averaged over
    /// `bodyProgressWindow`, or the connection gets 408 and is closed.
    public var minimumBodyBytesPerSecond: Int
    /// The window over which body progress is measured.
    public var bodyProgressWindow: Duration
    /// Time a response may wait for the client to read any of it before the connection is dropped.
    public var writeTimeout: Duration
    /// Most connections open at once, over all event loops. Connections beyond are answered 503 and closed.
    public var maxConnections: Int
    /// Event loop threads (each with its own epoll instance). Defaults to one per processor.
    public var eventLoopCount: Int
    /// Worker threads that run handlers, which may block on disk or the database.
    public var workerCount: Int
    /// Requests that may wait for a worker; beyond it requests are answered 503 with Retry-After.
    public var queueDepth: Int
    /// Time in-flight requests get to finish after shutdown begins, before connections are closed.
    public var shutdownGracePeriod: Duration
    /// Bytes a streamed response may buffer before its producer waits for the client.
    public var streamBufferBytes: Int
    /// Backlog of the listening socket.
    public var listenBacklog: Int
    /// Fields added to the responses the server makes itself (a refused request, 408 on a deadline,
    /// 503 when busy), which no middleware sees: typically the same security headers the application's
    /// middleware adds, so that every response carries them, errors included.
    public var serverResponseHeaders: HTTPHeaders = [:]
    /// Renders the errors the server answers itself, before any route or middleware ran (400, 408,
    /// 413, 414, 431, 501, 505, 503 when busy), so that they can take the application's format:
    /// problem+json for an API's paths, say. The request it gets is the real one when its head was
    /// read, else a stand-in with the method and as much of the target as arrived (`/` if none), no
    /// header fields and no body. Plain text by default.
    public var serverErrorRenderer: ErrorRenderer = .plainText

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        parserLimits: RequestParserLimits = RequestParserLimits(),
        defaultMaxBodyBytes: Int = 10 * 1024 * 1024,
        headerTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        minimumBodyBytesPerSecond: Int = 1024,
        bodyProgressWindow: Duration = .seconds(10),
        writeTimeout: Duration = .seconds(30),
        maxConnections: Int = 20_000,
        eventLoopCount: Int = ServerConfiguration.processorCount,
        workerCount: Int = max(8, 4 * ServerConfiguration.processorCount),
        queueDepth: Int = 128,
        shutdownGracePeriod: Duration = .seconds(10),
        streamBufferBytes: Int = 256 * 1024,
        listenBacklog: Int = 1024
    ) {
        self.host = host
        self.port = port
        self.parserLimits = parserLimits
        self.defaultMaxBodyBytes = defaultMaxBodyBytes
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.minimumBodyBytesPerSecond = minimumBodyBytesPerSecond
        self.bodyProgressWindow = bodyProgressWindow
        self.writeTimeout = writeTimeout
        self.maxConnections = maxConnections
        self.eventLoopCount = eventLoopCount
        self.workerCount = workerCount
        self.queueDepth = queueDepth
        self.shutdownGracePeriod = shutdownGracePeriod
        self.streamBufferBytes = streamBufferBytes
        self.listenBacklog = listenBacklog
    }

    /// Processors available to this process.
    public static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// How often the event loops look at their connections' deadlines: a quarter of the shortest
    /// deadline, between 5 ms and one second, so a deadline is enforced within 25% of its length.
    var timerTick: Duration {
        let shortest = min(headerTimeout, idleTimeout, bodyProgressWindow, writeTimeout)
        return min(max(shortest / 4, .milliseconds(5)), .seconds(1))
    }
}

extension Duration {
    /// Whole nanoseconds, saturating, for arithmetic on the monotonic clock.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : scaled + attoseconds / 1_000_000_000
    }
}
