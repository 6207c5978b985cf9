import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import HTTPServer
import Logging
import Synchronization

/// A migrated database in a temporary folder and a router with the operations endpoints installed,
/// plus a log that keeps its JSON lines for inspection.
final class OperationsFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let folder: URL
    let database: ApprovalsDatabase
    let endpoints: OperationsEndpoints
    let router: Router
    let lines = LogLines()

    init(minimumFreeBytes: Int64 = 0, access: MetricsAccess = MetricsAccess(), trustedProxies: [String] = [],
         statistics: (@Sendable () -> ServerStatistics)? = nil, routes: (inout Router) -> Void = { _ in }) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("approvals-ops-\(UUID().uuidString)")
        var options = ApprovalsDatabase.Options()
        options.orphanSweepGrace = nil
        database = try ApprovalsDatabase.open(dataDirectory: folder, migrationsDirectory: Self.packageRoot.appendingPathComponent("Migrations"),
                                              options: options)
        let lines = self.lines
        let logger = Logger(label: "test") { label in JSONLogHandler(label: label, sink: { lines.append($0) }) }
        endpoints = OperationsEndpoints(readiness: ReadinessCheck(database: database, minimumFreeBytes: minimumFreeBytes),
                                        metricsAccess: access, logger: logger, trustedProxies: trustedProxies,
                                        serverStatistics: statistics)
        var router = Router()
        router.use(RequestIDMiddleware())
        router.use(AccessLogMiddleware(logger: logger))
        routes(&router)
        endpoints.install(on: &router)
        self.router = router
    }

    deinit {
        try? database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs a GET through the router as if it came from `remoteAddress`.
    func get(_ target: String, from remoteAddress: String? = nil, headers: HTTPHeaders = [:]) throws -> HTTPResponse {
        var head = RequestHead(method: .get, target: target, headers: headers, framing: .none)
        head.remoteAddress = remoteAddress
        return try router.respond(to: HTTPRequest(head: head, body: .empty))
    }
}

/// Log lines captured by a test's JSONLogHandler.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

extension HTTPResponse {
    var text: String {
        if case .bytes(let bytes) = body { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }
}
