import ApprovalsStore
import Foundation
public import HTTPServer
public import Logging
import GRDB

/// `/readyz`, `/metrics` and the per-request log line and metrics, installed on the application's
/// router by `approvals serve`. Kept apart from `WebApplication` so the pages and the API need to know
/// nothing of how the service is operated.
public struct OperationsEndpoints: Sendable {
    public let readiness: ReadinessCheck
    public let metrics: ServiceMetrics
    public let metricsAccess: MetricsAccess
    public let logger: Logger
    /// Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (none: the headers are dropped).
    public let trustedProxies: [String]
    /// The server speaks TLS itself (HSTS on every response).
    public let servesTLS: Bool
    /// Reads the running server's load for `/metrics`; set it once the server exists.
    public var serverStatistics: (@Sendable () -> ServerStatistics)?

    public init(readiness: ReadinessCheck, metrics: ServiceMetrics = ServiceMetrics(), metricsAccess: MetricsAccess,
                logger: Logger, trustedProxies: [String] = [], servesTLS: Bool = false,
                serverStatistics: (@Sendable () -> ServerStatistics)? = nil) {
        self.trustedProxies = trustedProxies
        self.servesTLS = servesTLS
        self.readiness = readiness
        self.metrics = metrics
        self.metricsAccess = metricsAccess
        self.logger = logger
        self.serverStatistics = serverStatistics
    }

    /// Adds the two routes, puts `RequestObservationMiddleware` where `AccessLogMiddleware` was (or
    /// right after `RequestIDMiddleware`) and `ForwardedClientMiddleware` outermost (so every later
    /// step, the metrics access check included, sees the real client), and starts timing the
    /// database's writes.
    public func install(on router: inout Router) {
        let readiness = self.readiness
        router.get("/readyz") { _ in
            let problems = readiness.problems()
            var response = problems.isEmpty
                ? HTTPResponse.text("ready")
                : HTTPResponse.text("not ready\n" + problems.map { "- \($0)" }.joined(separator: "\n") + "\n", status: .serviceUnavailable)
            response.headers.replaceOrAdd("Cache-Control", "no-store")
            return response
        }
        let page = MetricsPage(metrics: metrics, server: serverStatistics,
                               databaseFiles: [readiness.database.databaseURL,
                                               URL(fileURLWithPath: readiness.database.databaseURL.path + "-wal")])
        let access = metricsAccess
        router.get("/metrics") { request in
            guard access.permits(request) else { return HTTPResponse.text("Forbidden\n", status: .forbidden) }
            var response = HTTPResponse.text(page.render())
            response.headers.replaceOrAdd("Content-Type", PrometheusExposition.contentType)
            response.headers.replaceOrAdd("Cache-Control", "no-store")
            return response
        }
        var middlewares = router.middleware.middlewares.filter { !($0 is AccessLogMiddleware) }
        let position = (middlewares.firstIndex { $0 is RequestIDMiddleware }).map { $0 + 1 } ?? 0
        middlewares.insert(RequestObservationMiddleware(logger: logger, metrics: metrics), at: position)
        middlewares.insert(ForwardedClientMiddleware(trustedProxies: trustedProxies, servesTLS: servesTLS), at: 0)
        router.middleware = MiddlewareChain(middlewares)
        timeDatabaseWrites()
    }

    /// Profiles every statement of the writer connection (the one whose commits wait for the disk).
    private func timeDatabaseWrites() {
        let metrics = self.metrics
        readiness.database.pool.writeWithoutTransaction { db in
            db.trace(options: .profile) { event in
                guard case let .profile(statement, duration) = event else { return }
                metrics.observeWrite(seconds: duration, isCommit: statement.sql.hasPrefix("COMMIT"))
            }
        }
    }
}
