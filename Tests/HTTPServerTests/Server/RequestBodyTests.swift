import Foundation
import Synchronization
import Testing
@testable import HTTPServer

/// Request bodies over real sockets: chunked, 100-continue, limits, spooling and custom sinks.
@Suite struct RequestBodyTests {
    @Test func chunkedRequestBodyAndTrailersReachTheHandler() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            try client.send(
                "POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n1;x=y\r\n \r\n5\r\nworld\r\n0\r\nX-Check: 42\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.text.contains("body=hello world"))
            #expect(response.text.contains("trailer=X-Check:42"))
        }
    }

    @Test func continueIsSentOnlyWhenTheBodyWillBeRead() async throws {
        let responder = ClosureResponder(policy: { _ in BodyPolicy(maxBodyBytes: 100) }) { request in
            .text("got \(try request.body.collect().count)")
        }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            try client.send("PUT /x HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.statusCode == 100)
            try client.send("data")
            let final = try client.readResponse()
            #expect(final.statusCode == 200)
            #expect(final.text == "got 4")

            let refused = try RawClient(port: port)
            try refused.send("PUT /x HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 101\r\n\r\n")
            let answer = try refused.readResponse()
            #expect(answer.statusCode == 413)
            #expect(answer.header("Connection") == "close")
        }
    }

    @Test func continueWorksWithChunkedBodies() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n")
            #expect(try client.readResponse().statusCode == 100)
            try client.send("3\r\nabc\r\n0\r\n\r\n")
            #expect(try client.readResponse().text.contains("body=abc"))
        }
    }

    @Test func declaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() async throws {
        let responder = ClosureResponder(policy: { _ in BodyPolicy(maxBodyBytes: 10) }) { _ in .text("no") }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            // The body is never sent: the answer must come from the head alone.
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000000\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.statusCode == 413)
            #expect(try client.isClosedByServer())
        }
    }

    @Test func bodyExactlyAtTheLimitIsAccepted() async throws {
        let responder = ClosureResponder(policy: { _ in BodyPolicy(maxBodyBytes: 10) }) { request in
            .text("got \(request.body.count)")
        }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789")
            #expect(try client.readResponse().text == "got 10")
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n")
            #expect(try client.readResponse().text == "got 10")
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n")
            #expect(try client.readResponse().statusCode == 413)
        }
    }

    @Test func chunkedBodyOverTheLimitIsRefusedAsItArrives() async throws {
        let responder = ClosureResponder(policy: { _ in BodyPolicy(maxBodyBytes: 10) }) { _ in .text("no") }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n")
            let response = try client.readResponse()
            #expect(response.statusCode == 413)
            #expect(try client.isClosedByServer())
        }
    }

    @Test func largeBodiesAreSpooledToATemporaryFileThatIsRemovedAfterwards() async throws {
        let seen = Mutex<(path: String?, bytes: Int)>((nil, 0))
        let responder = ClosureResponder { request in
            if case .file(let path, let count) = request.body.content {
                let bytes = try request.body.collect(upTo: 1 << 20)
                #expect(bytes.count == count)
                #expect(bytes == (0..<count).map { UInt8($0 % 251) })
                seen.withLock { $0 = (path, count) }
            }
            return .text("ok")
        }
        try await withServer(responder: responder) { _, port in
            let body = (0..<200_000).map { UInt8($0 % 251) }
            let client = try RawClient(port: port)
            try client.send(Array("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
            #expect(try client.readResponse().statusCode == 200)
            let (path, count) = seen.withLock { $0 }
            #expect(count == 200_000)
            let spooled = try #require(path)
            #expect(eventually { !FileManager.default.fileExists(atPath: spooled) })
        }
    }

    @Test func aSinkCanHandOverAParsedPayload() async throws {
        final class CountingSink: RequestBodySink {
            var count = 0
            func write(_ bytes: UnsafeRawBufferPointer) throws { count += bytes.count }
            func finish() throws -> RequestBody { RequestBody(content: .empty, payload: count) }
            func abort() {}
        }
        let responder = ClosureResponder(policy: { _ in BodyPolicy(makeSink: { _ in CountingSink() }) }) { request in
            .text("counted \(request.body.payload(as: Int.self) ?? -1)")
        }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 7\r\n\r\n1234567")
            #expect(try client.readResponse().text == "counted 7")
        }
    }

    @Test func sinkErrorsBecomeTheirStatus() async throws {
        final class PickySink: RequestBodySink {
            func write(_ bytes: UnsafeRawBufferPointer) throws {
                throw HTTPError(.unsupportedMediaType, "no thanks")
            }
            func finish() throws -> RequestBody { .empty }
            func abort() {}
        }
        let responder = ClosureResponder(policy: { _ in BodyPolicy(makeSink: { _ in PickySink() }) }) { _ in
            .text("unreachable")
        }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc")
            let response = try client.readResponse()
            #expect(response.statusCode == 415)
            #expect(response.text == "no thanks\n")
            #expect(try client.isClosedByServer())
        }
    }
}

/// Polls `condition` for up to five seconds. For effects that happen just after a response is sent
/// (file clean-up); not a timing assertion, since it only fails if the effect never happens.
func eventually(_ condition: () -> Bool) -> Bool {
    for _ in 0..<500 {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
