import ApprovalsWeb
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPServer
import Logging
import Glibc

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
        server = HTTPServer(configuration: application.serverConfiguration(ServerConfiguration(host: "127.0.0.1", port: 0)), responder: try application.makeRouter(), logger: logger)
        try server.start()
        baseURL = URL(string: "http://127.0.0.1:\(server.port!)")!
    }

    deinit {
        server.shutdown()
        server.waitUntilStopped()
    }

    /// Sends `bytes` as they are on a fresh connection and returns everything the server answers
    /// until it closes the connection: for requests no HTTP client would send.
    func sendRaw(_ bytes: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        precondition(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(server.port!).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        _ = Array(bytes.utf8).withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            answer += buffer[0..<n]
        }
        return String(decoding: answer, as: UTF8.self)
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
