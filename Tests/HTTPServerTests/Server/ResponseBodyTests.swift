import Foundation
import Testing
@testable import HTTPServer

/// Response framing over real sockets: streams, files, statuses without bodies, handler errors.
@Suite struct ResponseBodyTests {
    static func streaming(length: Int? = nil, chunks: Int, size: Int) -> ClosureResponder {
        ClosureResponder { _ in
            HTTPResponse(
                body: .stream(
                    ResponseStream(length: length) { writer in
                        for index in 0..<chunks {
                            try writer.write([UInt8](repeating: UInt8(ascii: "a") + UInt8(index % 26), count: size))
                        }
                    }))
        }
    }

    static func expectedStream(chunks: Int, size: Int) -> [UInt8] {
        (0..<chunks).flatMap { [UInt8](repeating: UInt8(ascii: "a") + UInt8($0 % 26), count: size) }
    }

    @Test func streamWithoutLengthIsChunked() async throws {
        try await withServer(responder: Self.streaming(chunks: 50, size: 1000)) { _, port in
            let client = try RawClient(port: port)
            for _ in 0..<2 {
                try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.header("Transfer-Encoding") == "chunked")
                #expect(response.header("Content-Length") == nil)
                #expect(response.body == Self.expectedStream(chunks: 50, size: 1000))
            }
        }
    }

    @Test func largeStreamIsRelayedWithBackpressure() async throws {
        // 8 MB through a 256 KB channel: the producer must wait for the client many times.
        try await withServer(responder: Self.streaming(chunks: 128, size: 65536)) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.body == Self.expectedStream(chunks: 128, size: 65536))
        }
    }

    @Test func streamWithLengthUsesContentLength() async throws {
        try await withServer(responder: Self.streaming(length: 300, chunks: 3, size: 100)) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Content-Length") == "300")
            #expect(response.body.count == 300)
        }
    }

    @Test func streamToHTTP10EndsWithTheConnection() async throws {
        try await withServer(responder: Self.streaming(chunks: 3, size: 10)) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Connection") == "close")
            #expect(response.body == Self.expectedStream(chunks: 3, size: 10))
        }
    }

    @Test func failingStreamIsCutShortWithoutTheLastChunk() async throws {
        let responder = ClosureResponder { _ in
            HTTPResponse(
                body: .stream(
                    ResponseStream { writer in
                        try writer.write("partial")
                        throw HTTPError(.internalServerError)
                    }))
        }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(throws: RawClient.Failure.self) { try client.readResponse() }
        }
    }

    @Test func fileBodiesWholeAndRanged() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("file-body-\(UUID().uuidString)").path
        let content = (0..<100_000).map { UInt8($0 % 256) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(content)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let responder = ClosureResponder(policy: { _ in .inline }) { request in
            let range = request.query == "part" ? 1000..<1100 : nil
            return HTTPResponse(headers: ["Content-Type": "application/octet-stream"], body: .file(FileRegion(path: path, range: range)))
        }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /f HTTP/1.1\r\nHost: t\r\n\r\n")
            let whole = try client.readResponse()
            #expect(whole.header("Content-Length") == "100000")
            #expect(whole.body == content)
            try client.send("GET /f?part HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().body == Array(content[1000..<1100]))
            try client.send("HEAD /f HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try client.readResponse(head: true)
            #expect(head.header("Content-Length") == "100000")
            try client.send("GET /f?part HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().body.count == 100)
        }
    }

    @Test func missingFileBecomes500() async throws {
        let responder = ClosureResponder { _ in HTTPResponse(body: .file(FileRegion(path: "/nonexistent/file"))) }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().statusCode == 500)
        }
    }

    @Test func noContentAndNotModifiedCarryNoBody() async throws {
        let responder = ClosureResponder { request in
            HTTPResponse(status: request.path == "/204" ? .noContent : .notModified, body: .bytes(Array("ignored".utf8)))
        }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /204 HTTP/1.1\r\nHost: t\r\n\r\nGET /304 HTTP/1.1\r\nHost: t\r\n\r\n")
            let first = try client.readResponse()
            #expect(first.statusCode == 204)
            #expect(first.header("Content-Length") == nil)
            let second = try client.readResponse()
            #expect(second.statusCode == 304)
            try client.send("GET /204 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().statusCode == 204)
        }
    }

    @Test func handlerErrorsBecomeResponses() async throws {
        struct Unexpected: Error {}
        let responder = ClosureResponder { request in
            if request.path == "/missing" { throw HTTPError(.notFound, "no such thing") }
            throw Unexpected()
        }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /missing HTTP/1.1\r\nHost: t\r\n\r\n")
            let missing = try client.readResponse()
            #expect(missing.statusCode == 404)
            #expect(missing.text == "no such thing\n")
            try client.send("GET /boom HTTP/1.1\r\nHost: t\r\n\r\n")
            let boom = try client.readResponse()
            #expect(boom.statusCode == 500)
            #expect(!boom.text.contains("Unexpected"))
        }
    }

    @Test func framingHeadersAreTheServersOwn() async throws {
        let responder = ClosureResponder { _ in
            HTTPResponse(headers: ["Content-Length": "999", "Transfer-Encoding": "gzip", "X-Kept": "yes"], body: .bytes([1, 2, 3]))
        }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Content-Length") == "3")
            #expect(response.header("Transfer-Encoding") == nil)
            #expect(response.header("X-Kept") == "yes")
            #expect(response.body == [1, 2, 3])
        }
    }

    @Test func headersThatWouldSplitTheResponseAreDropped() async throws {
        let responder = ClosureResponder { _ in
            HTTPResponse(
                status: HTTPStatus(code: 200, reasonPhrase: "OK\r\nX-Forged: 1"),
                headers: ["X-Good": "fine\tvalue", "X-Bad": "a\r\nSet-Cookie: stolen=1", "Bad Name": "x"],
                body: .bytes(Array("body".utf8)))
        }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.statusCode == 200)
            #expect(response.header("X-Good") == "fine\tvalue")
            #expect(response.header("X-Bad") == nil)
            #expect(response.header("Set-Cookie") == nil)
            #expect(response.header("X-Forged") == nil)
            #expect(response.header("Bad Name") == nil)
            #expect(response.text == "body")
        }
    }
}
