import Foundation
import HTTPServer
import Logging

/// A responder made of closures, for tests.
struct ClosureResponder: HTTPResponder {
    var policy: @Sendable (RequestHead) -> BodyPolicy = { _ in .standard }
    var handler: @Sendable (HTTPRequest) throws -> HTTPResponse

    init(
        policy: @escaping @Sendable (RequestHead) -> BodyPolicy = { _ in .standard },
        handler: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse
    ) {
        self.policy = policy
        self.handler = handler
    }

    func bodyPolicy(for head: RequestHead) -> BodyPolicy { policy(head) }
    func respond(to request: HTTPRequest) throws -> HTTPResponse { try handler(request) }
}

/// Short deadlines so timeout tests take a fraction of a second.
func testConfiguration() -> ServerConfiguration {
    ServerConfiguration(
        host: "127.0.0.1", port: 0, headerTimeout: .milliseconds(300), idleTimeout: .seconds(2),
        minimumBodyBytesPerSecond: 100, bodyProgressWindow: .milliseconds(300), writeTimeout: .seconds(2),
        eventLoopCount: 2, workerCount: 4, queueDepth: 4, shutdownGracePeriod: .seconds(3))
}

/// Starts a server on a free loopback port, runs `body` with its port, and shuts it down after.
@discardableResult
func withServer<Result>(
    _ configuration: ServerConfiguration = testConfiguration(),
    responder: any HTTPResponder,
    _ body: (HTTPServer, Int) async throws -> Result
) async throws -> Result {
    var logger = Logger(label: "test-server")
    logger.logLevel = .critical
    let server = HTTPServer(configuration: configuration, responder: responder, logger: logger)
    try server.start()
    defer {
        server.shutdown()
        server.waitUntilStopped()
    }
    return try await body(server, server.port ?? 0)
}

/// Echoes what it learned about the request, one fact per line, so tests can check parsing end to end.
func echoResponder() -> ClosureResponder {
    ClosureResponder { request in
        var lines = [
            "method=\(request.method.rawValue)", "path=\(request.path)", "query=\(request.query ?? "-")",
        ]
        let body = try request.body.collect(upTo: 1 << 30)
        lines.append("body=\(String(decoding: body, as: UTF8.self))")
        for trailer in request.trailers { lines.append("trailer=\(trailer.name):\(trailer.value)") }
        return .text(lines.joined(separator: "\n"))
    }
}
