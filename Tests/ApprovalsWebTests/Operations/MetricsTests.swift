@testable import ApprovalsWeb
import Foundation
import HTTPServer
import Testing

@Suite("Metrics: /metrics in the Prometheus text format")
struct MetricsTests {
    static let statistics: @Sendable () -> ServerStatistics = {
        ServerStatistics(openConnections: 3, busyWorkers: 2, queuedRequests: 1, workerCount: 8, queueCapacity: 64, refusedRequests: 5,
                         bodiesInProgress: 2)
    }

    @Test("from loopback the page parses with prometheus_client and counts requests by route and status")
    func formatParses() throws {
        let fixture = try OperationsFixture(statistics: Self.statistics, routes: { router in
            router.get("/odd/\"quoted\"") { _ in .text("x") }
        })
        _ = try fixture.get("/readyz")
        _ = try fixture.get("/readyz")
        _ = try fixture.get("/missing")
        let response = try fixture.get("/metrics", from: "127.0.0.1:40000")
        #expect(response.status.code == 200)
        #expect(response.headers.first("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        let samples = try PrometheusParser.parse(response.text)
        #expect(samples["approvals_http_requests_total{method=GET,route=/readyz,status=200}"] == 2)
        #expect(samples["approvals_http_requests_total{method=GET,route=unmatched,status=404}"] == 1)
        #expect(samples["approvals_http_request_duration_seconds_count{route=/readyz}"] == 2)
        #expect(samples["approvals_http_request_duration_seconds_bucket{le=+Inf,route=/readyz}"] == 2)
        #expect(samples["approvals_http_open_connections"] == 3)
        #expect(samples["approvals_http_busy_workers"] == 2)
        #expect(samples["approvals_http_queued_requests"] == 1)
        #expect(samples["approvals_http_refused_requests_total"] == 5)
        #expect(samples["approvals_uploads_in_progress"] == 2)
        #expect((samples["approvals_database_bytes"] ?? 0) > 0)
        #expect(samples["approvals_database_commit_seconds_count"] != nil)
    }

    @Test("writes through the database are timed: a commit shows in the commit histogram")
    func commitsAreTimed() throws {
        let fixture = try OperationsFixture()
        try fixture.database.pool.write { db in try db.execute(sql: "CREATE TABLE probe (x)") }
        let samples = try PrometheusParser.parse(try fixture.get("/metrics", from: "[::1]:40000").text)
        #expect((samples["approvals_database_commit_seconds_count"] ?? 0) >= 1)
    }

    @Test("label values with quotes and backslashes are escaped so the page still parses")
    func escaping() throws {
        var page = PrometheusExposition()
        page.family("x_total", type: "counter", help: "A test counter.")
        page.sample("x_total", [("route", "/a\"b\\c\nd")], 1)
        let samples = try PrometheusParser.parse(page.text)
        #expect(samples["x_total{route=/a\"b\\c\nd}"] == 1)
    }

    @Test("from another address: 403 without the token, 200 with it, 403 with a wrong one")
    func access() throws {
        let fixture = try OperationsFixture(access: MetricsAccess(allowedAddresses: ["loopback"], token: "metrics-secret"))
        #expect(try fixture.get("/metrics", from: "203.0.113.9:5000").status.code == 403)
        #expect(try fixture.get("/metrics", from: "203.0.113.9:5000", headers: ["Authorization": "Bearer metrics-secret"]).status.code == 200)
        #expect(try fixture.get("/metrics", from: "203.0.113.9:5000", headers: ["Authorization": "Bearer metrics-secreT"]).status.code == 403)
        #expect(try fixture.get("/metrics", from: nil).status.code == 403)
        #expect(try fixture.get("/metrics", from: "[::1]:1234").status.code == 200)
    }

    @Test("no token configured: a bearer header opens nothing")
    func noToken() throws {
        let fixture = try OperationsFixture(access: MetricsAccess(allowedAddresses: [], token: nil))
        #expect(try fixture.get("/metrics", from: "127.0.0.1:5000", headers: ["Authorization": "Bearer "]).status.code == 403)
    }
}
