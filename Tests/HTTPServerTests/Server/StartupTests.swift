import Dispatch
import Glibc
import Testing
@testable import HTTPServer
import Logging

/// Starting: a port in use is an error, not a silent share.
@Suite struct StartupTests {
    @Test func secondServerOnTheSamePortFailsToStart() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            var configuration = testConfiguration()
            configuration.port = port
            let second = HTTPServer(configuration: configuration, responder: echoResponder())
            #expect(throws: HTTPServerError.systemCall("bind", errno: EADDRINUSE)) { try second.start() }
            // The first server still answers every connection.
            for _ in 0..<8 {
                let client = try RawClient(port: port)
                try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().statusCode == 200)
            }
        }
    }

    @Test func startingTwiceIsRefused() async throws {
        try await withServer(responder: echoResponder()) { server, _ in
            #expect(throws: HTTPServerError.alreadyStarted) { try server.start() }
        }
    }

    @Test func unresolvableHostIsReported() {
        var configuration = testConfiguration()
        configuration.host = "no-such-host.invalid"
        let server = HTTPServer(configuration: configuration, responder: echoResponder())
        #expect(throws: HTTPServerError.unresolvableHost("no-such-host.invalid")) { try server.start() }
        server.waitUntilStopped()
    }

    @Test func serversStartedTogetherOnPortZeroNeverShareAPort() throws {
        let servers = (0..<16).map { _ in HTTPServer(configuration: testConfiguration(), responder: echoResponder()) }
        DispatchQueue.concurrentPerform(iterations: servers.count) { index in
            do { try servers[index].start() } catch { Issue.record("start failed: \(error)") }
        }
        let ports = Set(servers.compactMap(\.port))
        #expect(ports.count == servers.count)
        for server in servers { server.shutdown() }
        for server in servers { server.waitUntilStopped() }
    }
}
