import Glibc
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

    /// The counts in shards, each thread writing to the one its identity picks, added up when the page
    /// is rendered. With one lock every worker counted every request under, the lock was contended on
    /// most requests, and a contended `Mutex` spins: a tenth of the server's CPU time under load.
    private let shards: [Shard] = (0..<16).map { _ in Shard() }

    private final class Shard: Sendable {
        let state = Mutex(State())
    }

    public init() {}

    /// The calling thread's shard: its pthread handle (an address), mixed so that neighbouring
    /// threads fall apart. Two threads may share one; that only brings back some contention.
    private var shard: Shard {
        let mixed = UInt64(UInt(bitPattern: Int(bitPattern: pthread_self()))) &* 0x9E37_79B9_7F4A_7C15
        return shards[Int(truncatingIfNeeded: mixed >> 60) % shards.count]
    }

    /// Counts one answered request under its route pattern (never its raw path, which holds ids).
    public func observeRequest(route: String, method: String, status: Int, seconds: Double) {
        shard.state.withLock { state in
            state.requests[RequestKey(route: route, method: method, status: status), default: 0] += 1
            state.latency[route, default: LatencyHistogram()].observe(seconds)
        }
    }

    /// A statement run by the database's writer connection; `isCommit` for the COMMIT that waits for the disk.
    public func observeWrite(seconds: Double, isCommit: Bool) {
        shard.state.withLock { state in
            if isCommit { state.commits.observe(seconds) } else { state.writeStatements.observe(seconds) }
        }
    }

    /// Every shard's counts added up.
    func snapshot() -> State {
        var total = State()
        for shard in shards {
            let part = shard.state.withLock { $0 }
            total.requests.merge(part.requests, uniquingKeysWith: +)
            total.latency.merge(part.latency) { $0.adding($1) }
            total.commits = total.commits.adding(part.commits)
            total.writeStatements = total.writeStatements.adding(part.writeStatements)
        }
        return total
    }
}
