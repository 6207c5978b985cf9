import Synchronization

/// The counters behind `/metrics` that the application keeps itself: requests by route and status,
/// their latency, and the database's write timings. The HTTP server's own load (connections,
/// workers, uploads in progress) is read from `HTTPServer.statistics()` when the page is rendered.
public final class ServiceMetrics: Sendable {
    struct RequestKey: Hashable, Sendable {
        let route: String
        let method: String
        let status: Int
    }

    struct State: Sendable {
        var requests: [RequestKey: Int] = [:]
        var latency: [String: LatencyHistogram] = [:]
        var commits = LatencyHistogram()
        var writeStatements = LatencyHistogram()
    }

    private let state = Mutex(State())

    public init() {}

    /// Counts one answered request under its route pattern (never its raw path, which holds ids).
    public func observeRequest(route: String, method: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[RequestKey(route: route, method: method, status: status), default: 0] += 1
            state.latency[route, default: LatencyHistogram()].observe(seconds)
        }
    }

    /// A statement run by the database's writer connection; `isCommit` for the COMMIT that waits for the disk.
    public func observeWrite(seconds: Double, isCommit: Bool) {
        state.withLock { state in
            if isCommit { state.commits.observe(seconds) } else { state.writeStatements.observe(seconds) }
        }
    }

    func snapshot() -> State { state.withLock { $0 } }
}
