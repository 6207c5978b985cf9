import Dispatch
import Foundation
public import Logging
import Synchronization

/// An HTTP/1.1 server on plain sockets: one epoll event loop per processor reads requests and writes
/// responses; a bounded pool of worker threads runs the handlers.
///
/// How a request travels: the loop that accepted the connection parses the head, asks the responder
/// for the route's `BodyPolicy`, refuses an over-long declared body with 413 at once, and otherwise
/// feeds the body into the policy's sink as it arrives. Only a complete request goes to a handler:
/// inline on the loop for routes that ask for it, else to a worker (503 with Retry-After when the
/// workers and their short queue are full). The loop writes the response without blocking, files
/// with sendfile and streams from a bounded channel the worker fills. A client that is slow or gone
/// holds a descriptor and a few hundred bytes until a deadline passes, never a thread.
///
/// ```swift
/// let server = HTTPServer(configuration: ServerConfiguration(port: 8080), responder: router, logger: logger)
/// try server.run()   // serves until SIGINT or SIGTERM, then shuts down gracefully and returns
/// ```
/// Tests and embedders use `start()`, `port`, `shutdown()` and `waitUntilStopped()` instead of `run()`.
public final class HTTPServer: Sendable {
    public let configuration: ServerConfiguration
    private let context: ServerContext

    private enum Lifecycle {
        case idle
        case running(loops: [EventLoop], port: Int)
        case stopping(port: Int)
        case stopped(port: Int)
    }

    private let lifecycle = Mutex(Lifecycle.idle)
    private let loopsFinished = DispatchGroup()
    private let stoppedSignal = DispatchSemaphore(value: 0)

    public init(
        configuration: ServerConfiguration = ServerConfiguration(), responder: any HTTPResponder,
        logger: Logger = Logger(label: "HTTPServer")
    ) {
        self.configuration = configuration
        self.context = ServerContext(configuration: configuration, responder: responder, logger: logger)
    }

    /// The bound port (useful with port 0), or nil before `start()`.
    public var port: Int? {
        lifecycle.withLock { state in
            switch state {
            case .idle: nil
            case .running(_, let port), .stopping(let port), .stopped(let port): port
            }
        }
    }

    /// A read-only snapshot of the server's load, for metrics: open connections and worker saturation.
    public func statistics() -> ServerStatistics {
        let load = context.workers.load()
        let loops: [EventLoop] = lifecycle.withLock { state in
            if case .running(let loops, _) = state { return loops }
            return []
        }
        return ServerStatistics(openConnections: context.openConnections.load(ordering: .relaxed), busyWorkers: load.busy,
                                queuedRequests: load.queued, workerCount: load.threads, queueCapacity: load.queueCapacity,
                                refusedRequests: load.refused,
                                bodiesInProgress: context.bodiesInProgress.load(ordering: .relaxed),
                                connectionsPerLoop: loops.map { $0.connectionCount.load(ordering: .relaxed) })
    }

    /// Binds the listening sockets and starts the event loops and workers; returns once the server
    /// accepts connections.
    public func start() throws {
        try lifecycle.withLock { state in
            guard case .idle = state else { throw HTTPServerError.alreadyStarted }
            // A peer that resets mid-write must give EPIPE, not kill the process.
            signal(SIGPIPE, SIG_IGN)
            raiseDescriptorLimit()
            let loopCount = max(1, configuration.eventLoopCount)
            var listeners: [ListeningSocket] = []
            let loops: [EventLoop]
            do {
                // One listening socket per loop on the same port: the kernel spreads connections.
                // Port 0 is left to the kernel, which never hands out a port in use, even to a
                // SO_REUSEPORT socket; a fixed port is first checked to be free (see claimPort).
                let port: Int
                if configuration.port == 0 {
                    let first = try ListeningSocket.bind(
                        host: configuration.host, port: 0, backlog: configuration.listenBacklog, reusePort: true)
                    listeners.append(first)
                    port = first.port
                } else {
                    port = try ListeningSocket.claimPort(host: configuration.host, port: configuration.port)
                }
                while listeners.count < loopCount {
                    listeners.append(
                        try ListeningSocket.bind(
                            host: configuration.host, port: port, backlog: configuration.listenBacklog,
                            reusePort: true))
                }
                loops = try (0..<loopCount).map { try EventLoop(index: $0) }
            } catch {
                for listener in listeners { close(listener.descriptor) }
                throw error
            }
            context.workers.start()
            for (loop, listener) in zip(loops, listeners) {
                startThread(for: loop, peers: loops, listener: listener.descriptor)
            }
            state = .running(loops: loops, port: listeners[0].port)
            context.logger.info(
                "listening", metadata: ["host": "\(configuration.host)", "port": "\(listeners[0].port)"])
        }
    }

    private func startThread(for loop: EventLoop, peers: [EventLoop], listener: Int32) {
        loopsFinished.enter()
        let context = self.context
        let thread = Thread { [loopsFinished] in
            LoopRunner(loop: loop, peers: peers, context: context, listener: listener).run()
            loopsFinished.leave()
        }
        thread.name = "http-loop-\(loop.index)"
        thread.start()
    }

    /// Begins a graceful shutdown and returns at once: the loops stop accepting, close idle
    /// connections, let in-flight requests finish within `shutdownGracePeriod`, then close the rest.
    /// Safe to call more than once and from any thread.
    public func shutdown() {
        let loops: [EventLoop]? = lifecycle.withLock { state in
            guard case .running(let loops, let port) = state else { return nil }
            state = .stopping(port: port)
            return loops
        }
        guard let loops else { return }
        context.logger.info("shutting down")
        for loop in loops { loop.post(.shutdown(gracePeriod: configuration.shutdownGracePeriod)) }
        Thread { [self] in finishShutdown(loops) }.start()
    }

    private func finishShutdown(_ loops: [EventLoop]) {
        loopsFinished.wait()
        // Workers get a moment past the grace period to finish handlers whose clients are gone.
        context.workers.stop(timeout: configuration.shutdownGracePeriod + .seconds(1))
        // Responses that came back after their loop ended still own temporary files.
        for loop in loops {
            for message in loop.takeMessages() {
                switch message {
                case .response(_, _, let channel, let requestBody):
                    channel?.cancel()
                    requestBody.removeTemporaryFiles()
                case .adopt(let descriptor, _):
                    // Handed over as its loop was ending: nobody will serve it.
                    close(descriptor)
                    context.openConnections.subtract(1, ordering: .relaxed)
                case .streamReady, .sinkReady, .shutdown:
                    break
                }
            }
        }
        lifecycle.withLock { state in
            if case .stopping(let port) = state { state = .stopped(port: port) }
        }
        context.logger.info("stopped")
        stoppedSignal.signal()
    }

    /// Blocks until a shutdown has finished. Returns at once if the server never started.
    public func waitUntilStopped() {
        let mustWait = lifecycle.withLock { state -> Bool in
            if case .idle = state { return false }
            if case .stopped = state { return false }
            return true
        }
        guard mustWait else { return }
        stoppedSignal.wait()
        stoppedSignal.signal()
    }

    /// Starts the server, serves until SIGINT or SIGTERM, shuts down gracefully and returns.
    public func run() throws {
        // Listening before the signals are caught would let an early SIGTERM kill the process
        // instead of stopping it gracefully.
        let signals = ShutdownSignals { [self] in shutdown() }
        try start()
        waitUntilStopped()
        withExtendedLifetime(signals) {}
    }

    /// Each connection is a descriptor: lift the soft limit to the hard one so `maxConnections` is
    /// reachable without the operator remembering `ulimit -n`.
    private func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
