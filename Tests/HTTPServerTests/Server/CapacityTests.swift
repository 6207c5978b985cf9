import Foundation
import Testing
@testable import HTTPServer

/// Many connections, saturated workers and the connection cap.
@Suite struct CapacityTests {
    @Test func aThousandConcurrentConnectionsAreServed() async throws {
        // Opening a thousand sockets one by one takes longer than the tests' short header deadline,
        // which counts from accepting the connection.
        var configuration = testConfiguration()
        configuration.headerTimeout = .seconds(30)
        // All thousand requests arrive at once; the queue must hold them rather than answer 503.
        configuration.queueDepth = 1000
        try await withServer(configuration, responder: echoResponder()) { _, port in
            var clients: [RawClient] = []
            for _ in 0..<1000 { clients.append(try RawClient(port: port)) }
            for (index, client) in clients.enumerated() {
                try client.send("GET /c/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
            }
            var served = 0
            for (index, client) in clients.enumerated() {
                let response = try client.readResponse()
                if response.statusCode == 200 && response.text.contains("path=/c/\(index)\n") { served += 1 }
            }
            #expect(served == 1000)
        }
    }

    @Test func saturatedWorkersAnswer503WithRetryAfter() async throws {
        var configuration = testConfiguration()
        configuration.workerCount = 2
        configuration.queueDepth = 0
        let gate = Gate()
        let responder = ClosureResponder { request in
            if request.path == "/block" { gate.pass() }
            return .text("done")
        }
        try await withServer(configuration, responder: responder) { _, port in
            let first = try RawClient(port: port)
            let second = try RawClient(port: port)
            try first.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
            try second.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(gate.waitForArrivals(2))

            let third = try RawClient(port: port)
            try third.send("GET /other HTTP/1.1\r\nHost: t\r\n\r\n")
            let refused = try third.readResponse()
            #expect(refused.statusCode == 503)
            #expect(refused.header("Retry-After") == "1")

            gate.open()
            #expect(try first.readResponse().text == "done")
            #expect(try second.readResponse().text == "done")
            // The refusal did not break the connection's framing: it is still usable.
            try third.send("GET /other HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try third.readResponse().text == "done")
        }
    }

    @Test func connectionsBeyondTheCapAreRefused() async throws {
        var configuration = testConfiguration()
        configuration.maxConnections = 2
        try await withServer(configuration, responder: echoResponder()) { _, port in
            let first = try RawClient(port: port)
            let second = try RawClient(port: port)
            for client in [first, second] {
                try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().statusCode == 200)
            }
            let third = try RawClient(port: port)
            let refused = try third.readResponse()
            #expect(refused.statusCode == 503)
            #expect(try third.isClosedByServer())

            // Once one leaves, a newcomer gets in.
            first.abort()
            #expect(
                eventually {
                    guard let client = try? RawClient(port: port), (try? client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")) != nil
                    else { return false }
                    return (try? client.readResponse().statusCode) == 200
                })
        }
    }
}
