import Foundation
import Testing
@testable import HTTPServer

/// Slow and vanishing clients: each costs a descriptor for a bounded time, never a thread, and the
/// server keeps serving others. The test configuration's deadlines are a few hundred milliseconds.
@Suite struct DeadlineTests {
    @Test func slowHeadersGet408AndTheConnectionCloses() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ")
            // Never finished: the header deadline must end it.
            let response = try client.readResponse()
            #expect(response.statusCode == 408)
            #expect(try client.isClosedByServer())
        }
    }

    @Test func connectionThatNeverSpeaksIsClosed() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            #expect(try client.isClosedByServer())
        }
    }

    @Test func idleKeepAliveConnectionIsClosed() async throws {
        var configuration = testConfiguration()
        configuration.idleTimeout = .milliseconds(200)
        try await withServer(configuration, responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().statusCode == 200)
            #expect(try client.isClosedByServer())
        }
    }

    @Test func keepAliveConnectionOutlivesTheHeaderDeadline() async throws {
        var configuration = testConfiguration()
        configuration.headerTimeout = .milliseconds(200)
        configuration.idleTimeout = .seconds(10)
        try await withServer(configuration, responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /1 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().statusCode == 200)
            // Between requests the idle deadline applies, not the much shorter header deadline.
            usleep(600_000)
            try client.send("GET /2 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text.contains("path=/2"))
        }
    }

    @Test func bodyTrickleBelowTheMinimumRateGets408() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\nx")
            let response = try client.readResponse()
            #expect(response.statusCode == 408)
            #expect(try client.isClosedByServer())
        }
    }

    @Test func clientsVanishingMidHeadersAndMidBodyLeaveTheServerHealthy() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vanish-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let responder = ClosureResponder(
            policy: { _ in BodyPolicy(makeSink: { _ in SpoolingBodySink(memoryLimit: 0, directory: directory) }) }
        ) { request in
            .text("ok \(request.body.count)")
        }
        try await withServer(responder: responder) { _, port in
            for round in 0..<20 {
                let client = try RawClient(port: port)
                switch round % 4 {
                case 0: try client.send("GET / HTTP/1.1\r\nHo")
                case 1: try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n" + String(repeating: "b", count: 500))
                case 2: try client.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n100\r\nabc")
                default: try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n12345")
                }
                if round % 2 == 0 { client.abort() } else { client.shutdownWrite() }
            }
            let healthy = try RawClient(port: port)
            try healthy.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nok")
            #expect(try healthy.readResponse().text == "ok 2")
            // Every partial body the sinks spooled has been removed again.
            #expect(eventually { (try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty == true })
        }
    }

    @Test func malformedRequestGets400AndClose() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.statusCode == 400)
            #expect(response.header("Connection") == "close")
            #expect(try client.isClosedByServer())
        }
    }

    @Test func smugglingAttemptGetsOneRefusalAndNothingElse() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            try client.send(
                "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                    + "GET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.statusCode == 400)
            let rest = try client.readToEnd()
            #expect(rest.isEmpty)
        }
    }

    @Test func overlongRequestLineGets414() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /" + String(repeating: "a", count: 10_000) + " HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().statusCode == 414)
        }
    }

    @Test func oversizedHeadersGet431() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            var raw = "GET / HTTP/1.1\r\nHost: t\r\n"
            for index in 0..<101 { raw += "X-\(index): v\r\n" }
            try client.send(raw + "\r\n")
            #expect(try client.readResponse().statusCode == 431)
        }
    }
}
