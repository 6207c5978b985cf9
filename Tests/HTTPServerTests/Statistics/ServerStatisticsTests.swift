import Foundation
import Glibc
import HTTPServer
import Testing

@Suite("Server statistics for metrics")
struct ServerStatisticsTests {
    /// Waits for a condition the server reaches on its own threads; fails (false) after 5 seconds.
    private func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<5000 {
            if condition() { return true }
            usleep(1000)
        }
        return condition()
    }

    @Test("busy workers, queued requests, open connections and refusals are what the server is doing")
    func saturation() async throws {
        let gate = Gate()
        try await withServer(responder: ClosureResponder { _ in
            gate.pass()
            return .text("done")
        }) { server, port in
            let idle = server.statistics()
            #expect(idle.busyWorkers == 0 && idle.queuedRequests == 0 && idle.workerCount == 4 && idle.queueCapacity == 4)
            var clients: [RawClient] = []
            for _ in 0..<8 {
                let client = try RawClient(port: port)
                try client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                clients.append(client)
            }
            #expect(gate.waitForArrivals(4))
            #expect(eventually { server.statistics().queuedRequests == 4 })
            let full = server.statistics()
            #expect(full.busyWorkers == 4)
            #expect(full.openConnections == 8)
            #expect(full.refusedRequests == 0)

            let refused = try RawClient(port: port)
            try refused.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try refused.readResponse().statusCode == 503)
            #expect(server.statistics().refusedRequests == 1)

            gate.open()
            for client in clients { #expect(try client.readResponse().text == "done") }
            #expect(eventually { server.statistics().busyWorkers == 0 && server.statistics().queuedRequests == 0 })
        }
    }

    @Test("a body being received counts as an upload in progress until it ends, and until its client vanishes")
    func bodiesInProgress() async throws {
        var configuration = testConfiguration()
        configuration.minimumBodyBytesPerSecond = 1
        configuration.bodyProgressWindow = .seconds(30)
        try await withServer(configuration, responder: ClosureResponder { request in
            .text("got \(try request.body.collect(upTo: 1000).count)")
        }) { server, port in
            let finishing = try RawClient(port: port)
            try finishing.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n0123456789")
            #expect(eventually { server.statistics().bodiesInProgress == 1 })
            let vanishing = try RawClient(port: port)
            try vanishing.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n01234")
            #expect(eventually { server.statistics().bodiesInProgress == 2 })
            try finishing.send("0123456789")
            #expect(try finishing.readResponse().text == "got 20")
            #expect(eventually { server.statistics().bodiesInProgress == 1 })
            vanishing.abort()
            #expect(eventually { server.statistics().bodiesInProgress == 0 })
        }
    }
}
