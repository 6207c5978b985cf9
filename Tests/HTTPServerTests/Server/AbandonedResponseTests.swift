import Foundation
import Synchronization
import Testing
@testable import HTTPServer

/// Clients that stop reading or leave while their response is being made: the worker and any
/// temporary files are released, not held until the process ends.
@Suite struct AbandonedResponseTests {
    /// An endless stream; records how its producer ended.
    static func endlessStream(_ outcome: Shared<String>) -> ClosureResponder {
        ClosureResponder { _ in
            HTTPResponse(
                body: .stream(
                    ResponseStream { writer in
                        let chunk = [UInt8](repeating: 0x78, count: 65536)
                        do {
                            while true { try writer.write(chunk) }
                        } catch {
                            outcome.value = "stopped"
                            throw error
                        }
                    }))
        }
    }

    @Test func clientThatStopsReadingIsDroppedAndTheProducerStops() async throws {
        var configuration = testConfiguration()
        configuration.writeTimeout = .milliseconds(300)
        let outcome = Shared("running")
        try await withServer(configuration, responder: Self.endlessStream(outcome)) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            // Never read: the socket buffers fill, the write deadline passes, the connection goes.
            #expect(eventually { outcome.value == "stopped" })
        }
    }

    @Test func clientThatLeavesMidStreamStopsTheProducer() async throws {
        let outcome = Shared("running")
        try await withServer(responder: Self.endlessStream(outcome)) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try client.readResponseHeadOnly()
            client.abort()
            #expect(eventually { outcome.value == "stopped" })
        }
    }

    @Test func spooledBodyIsRemovedWhenTheClientLeavesDuringTheHandler() async throws {
        let gate = Gate()
        let spooled = Mutex<String?>(nil)
        let responder = ClosureResponder { request in
            if case .file(let path, _) = request.body.content { spooled.withLock { $0 = path } }
            gate.pass()
            return .text("nobody is listening")
        }
        try await withServer(responder: responder) { _, port in
            let body = [UInt8](repeating: 0x61, count: 100_000)
            let client = try RawClient(port: port)
            try client.send(Array("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
            #expect(gate.waitForArrivals(1))
            client.abort()
            let path = try #require(spooled.withLock { $0 })
            #expect(FileManager.default.fileExists(atPath: path))
            gate.open()
            #expect(eventually { !FileManager.default.fileExists(atPath: path) })
        }
    }
}
