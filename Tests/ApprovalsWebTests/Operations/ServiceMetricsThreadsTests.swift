@testable import ApprovalsWeb
import Foundation
import Testing

/// The request counts are kept in per-thread shards: what many threads count at once must all be on
/// the page, added up, with every histogram bucket summed.
@Suite struct ServiceMetricsThreadsTests {
    @Test func observationsFromManyThreadsAreAllCounted() {
        let metrics = ServiceMetrics()
        DispatchQueue.concurrentPerform(iterations: 2_000) { index in
            metrics.observeRequest(route: "/api/v1/submissions", method: "GET", status: index % 2 == 0 ? 200 : 304,
                                   seconds: index % 4 < 2 ? 0.003 : 0.3)
            metrics.observeWrite(seconds: 0.002, isCommit: index % 10 == 0)
        }
        let state = metrics.snapshot()
        #expect(state.requests[.init(route: "/api/v1/submissions", method: "GET", status: 200)] == 1_000)
        #expect(state.requests[.init(route: "/api/v1/submissions", method: "GET", status: 304)] == 1_000)
        let latency = state.latency["/api/v1/submissions"]
        #expect(latency?.count == 2_000)
        #expect(latency?.counts.first == 1_000)  // le 0.005
        #expect(latency?.counts[LatencyHistogram.bounds.firstIndex(of: 0.5)!] == 2_000)
        #expect(abs((latency?.sum ?? 0) - (1_000 * 0.003 + 1_000 * 0.3)) < 1e-6)
        #expect(state.commits.count == 200)
        #expect(state.writeStatements.count == 1_800)
    }
}
