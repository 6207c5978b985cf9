import ApprovalsWeb
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPServer
import Logging

/// The web application served by the real HTTP server on a loopback port chosen by the kernel, for
/// tests that go through real sockets and a real HTTP client.
final class RunningService {
    let server: HTTPServer
    let baseURL: URL

    init() throws {
        let publicDirectory = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Public")
        var logger = Logger(label: "test")
        logger.logLevel = .error
        let application = WebApplication(publicDirectory: publicDirectory, pages: try PageRenderer.bundled(), logger: logger)
        server = HTTPServer(configuration: ServerConfiguration(host: "127.0.0.1", port: 0), responder: try application.makeRouter(), logger: logger)
        try server.start()
        baseURL = URL(string: "http://127.0.0.1:\(server.port!)")!
    }

    deinit {
        server.shutdown()
        server.waitUntilStopped()
    }

    /// Sends one request and returns the response with its body.
    func send(_ path: String, method: String = "GET", headers: [String: String] = [:], body: Data? = nil) async throws -> (HTTPURLResponse, Data) {
        var request = URLRequest(url: URL(string: path, relativeTo: baseURL)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        return (response as! HTTPURLResponse, data)
    }
}
