import Foundation
import Glibc
import Testing
@testable import HTTPServer

/// Bodies are received by the event loops, and connections are spread evenly over them.
@Suite struct LoopBalanceTests {
    /// Waits for a condition the server reaches on its own threads; false after 5 seconds.
    private func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<5000 {
            if condition() { return true }
            usleep(1000)
        }
        return condition()
    }

    @Test("connections are spread over the event loops within two of each other, whatever the kernel's hash")
    func connectionsAreBalanced() async throws {
        var configuration = testConfiguration()
        configuration.eventLoopCount = 3
        configuration.headerTimeout = .seconds(30)
        try await withServer(configuration, responder: echoResponder()) { server, port in
            var clients: [RawClient] = []
            for index in 0..<60 {
                let client = try RawClient(port: port)
                // Answered means adopted by its loop, so the counts below are settled.
                try client.send("GET /c/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().statusCode == 200)
                clients.append(client)
            }
            let perLoop = server.statistics().connectionsPerLoop
            #expect(perLoop.count == 3)
            #expect(perLoop.reduce(0, +) == 60)
            #expect((perLoop.max() ?? 0) - (perLoop.min() ?? 0) <= 2, "connections per loop: \(perLoop)")
            // Every connection still works after the handover.
            for (index, client) in clients.enumerated() {
                try client.send("GET /again/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().text.contains("path=/again/\(index)\n"))
            }
            clients.removeAll()
            #expect(eventually { server.statistics().connectionsPerLoop.reduce(0, +) == 0 })
        }
    }

    @Test("a slow upload holds no worker: with one worker and no queue, other requests are answered meanwhile")
    func slowUploadHoldsNoWorker() async throws {
        var configuration = testConfiguration()
        configuration.workerCount = 1
        configuration.queueDepth = 0
        configuration.minimumBodyBytesPerSecond = 1
        configuration.bodyProgressWindow = .seconds(30)
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var router = Router()
        router.post("/upload", body: .multipart(maxBytes: 1 << 20, directory: directory)) { request in
            .text("kept \(try request.multipartForm().files.first?.size ?? 0)")
        }
        router.get("/page") { _ in .text("page") }
        try await withServer(configuration, responder: router) { server, port in
            let b = MultipartFixture.boundary
            let body = Array("--\(b)\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\n\r\n".utf8)
                + [UInt8](repeating: 42, count: 5_000) + Array("\r\n--\(b)--\r\n".utf8)
            let uploader = try RawClient(port: port, timeout: .seconds(30))
            try uploader.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\(b)\r\n"
                + "Content-Length: \(body.count)\r\n\r\n")
            try uploader.send(Array(body.prefix(1_000)))
            #expect(eventually { server.statistics().bodiesInProgress == 1 })
            // The only worker is free while the upload waits for bytes: each page gets 200, not 503.
            for _ in 0..<20 {
                // The worker marks itself free just after the previous page's answer is written; waiting
                // for that removes a race, and would never end if the upload held the worker.
                #expect(eventually { server.statistics().busyWorkers == 0 })
                let reader = try RawClient(port: port)
                try reader.send("GET /page HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(try reader.readResponse().text == "page")
            }
            // As in the loop: the worker marks itself free just after the last page's answer is written.
            #expect(eventually { server.statistics().busyWorkers == 0 })
            #expect(server.statistics().refusedRequests == 0)
            try uploader.send(Array(body.dropFirst(1_000)))
            #expect(try uploader.readResponse().text == "kept 5000")
        }
    }
}
