import Foundation
import HTTPServer

/// Renders every metric of the service as one Prometheus text page.
struct MetricsPage {
    let metrics: ServiceMetrics
    /// The running server's load, when there is a server (nil in tests without a socket).
    let server: (@Sendable () -> ServerStatistics)?
    let databaseFiles: [URL]

    func render() -> String {
        let state = metrics.snapshot()
        var page = PrometheusExposition()
        page.family("approvals_http_requests_total", type: "counter", help: "Requests answered, by route pattern, method and status.")
        for (key, count) in state.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            page.sample("approvals_http_requests_total", [("route", key.route), ("method", key.method), ("status", String(key.status))], Double(count))
        }
        page.family("approvals_http_request_duration_seconds", type: "histogram", help: "Time from the request's head to the handler's response, by route pattern.")
        for (route, histogram) in state.latency.sorted(by: { $0.key < $1.key }) {
            page.histogram("approvals_http_request_duration_seconds", [("route", route)], histogram)
        }
        if let statistics = server?() {
            page.single("approvals_http_open_connections", type: "gauge", help: "Connections open now.", Double(statistics.openConnections))
            page.single("approvals_http_busy_workers", type: "gauge", help: "Workers running a handler now.", Double(statistics.busyWorkers))
            page.single("approvals_http_workers", type: "gauge", help: "Worker threads.", Double(statistics.workerCount))
            page.single("approvals_http_queued_requests", type: "gauge", help: "Requests waiting for a free worker.", Double(statistics.queuedRequests))
            page.single("approvals_http_queue_capacity", type: "gauge", help: "Requests that may wait before the server answers 503.", Double(statistics.queueCapacity))
            page.single("approvals_http_refused_requests_total", type: "counter", help: "Requests answered 503 because every worker was busy.", Double(statistics.refusedRequests))
            page.single("approvals_uploads_in_progress", type: "gauge", help: "Request bodies being received now.", Double(statistics.bodiesInProgress))
        }
        page.single("approvals_database_bytes", type: "gauge", help: "Size of the database file and its write-ahead log.", Double(databaseBytes()))
        page.family("approvals_database_commit_seconds", type: "histogram", help: "Time of each COMMIT on the writer connection (it waits for fsync).")
        page.histogram("approvals_database_commit_seconds", [], state.commits)
        page.family("approvals_database_write_statement_seconds", type: "histogram", help: "Time of each other statement on the writer connection.")
        page.histogram("approvals_database_write_statement_seconds", [], state.writeStatements)
        return page.text
    }

    private func databaseBytes() -> Int64 {
        databaseFiles.reduce(0) { total, url in
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)??.int64Value ?? 0
            return total + size
        }
    }
}
