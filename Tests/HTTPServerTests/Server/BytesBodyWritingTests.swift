import Foundation
import Testing
@testable import HTTPServer

/// A bytes body goes out from the handler's own array, gathered with the head in one `sendmsg`: every
/// byte arrives once and in order, however the socket splits the writes, on kept-alive and pipelined
/// connections alike.
@Suite struct BytesBodyWritingTests {
    /// `/N` answers N bytes, each its index modulo 251 (a prime, so a byte out of place shows).
    static let sized = ClosureResponder { request in
        let count = Int(request.path.dropFirst()) ?? 0
        return HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"],
                            body: .bytes(Self.pattern(count)))
    }

    static func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8($0 % 251) } }

    @Test func aBodyLargerThanTheSocketBuffersArrivesWholeAndTheNextResponseToo() async throws {
        // 16 MB is more than loopback's send and receive buffers hold together, and the client waits
        // before reading: the server's writes stop on a full socket and resume, many times. The write
        // time-out is not what this tests: it is long enough for a debug build's client reading 16 MB
        // on a machine busy with the other suites (2 s cut it off there).
        var configuration = testConfiguration()
        configuration.writeTimeout = .seconds(60)
        try await withServer(configuration, responder: Self.sized) { _, port in
            let client = try RawClient(port: port, timeout: .seconds(60))
            try client.send("GET /16777216 HTTP/1.1\r\nHost: t\r\n\r\nGET /10 HTTP/1.1\r\nHost: t\r\n\r\n")
            try await Task.sleep(for: .milliseconds(300))
            let large = try client.readResponse()
            #expect(large.statusCode == 200)
            #expect(large.header("Content-Length") == "16777216")
            #expect(large.body == Self.pattern(16_777_216))
            let small = try client.readResponse()
            #expect(small.header("Content-Length") == "10")
            #expect(small.body == Self.pattern(10))
        }
    }

    @Test func keptAliveResponsesOfEverySizeFollowEachOther() async throws {
        try await withServer(responder: Self.sized) { _, port in
            let client = try RawClient(port: port)
            for count in [0, 1, 27_317, 300_000, 5, 65_536] {
                try client.send("GET /\(count) HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.header("Content-Length") == String(count))
                #expect(response.body == Self.pattern(count), "\(count) bytes")
            }
        }
    }

    @Test func headGetsTheLengthAndNoBody() async throws {
        try await withServer(responder: Self.sized) { _, port in
            let client = try RawClient(port: port)
            try client.send("HEAD /5000 HTTP/1.1\r\nHost: t\r\n\r\nGET /7 HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try client.readResponse(head: true)
            #expect(head.header("Content-Length") == "5000")
            // Had the HEAD's body been sent, these would be its first bytes instead.
            let next = try client.readResponse()
            #expect(next.body == Self.pattern(7))
        }
    }

    @Test func aWriteSplitAnywhereCountsTheHeadFirstThenTheBody() {
        let head = 40, body = 100
        for first in 0...(head + body) {
            let connection = Connection(descriptor: -1, generation: 1, remoteAddress: "", limits: RequestParserLimits(), deadline: 0)
            connection.output = [UInt8](repeating: 1, count: head)
            connection.body = [UInt8](repeating: 2, count: body)
            connection.recordSent(first)
            #expect(connection.outputSent == min(first, head))
            #expect(connection.bodySent == max(0, first - head))
            #expect(connection.hasBytesToSend == (first < head + body))
            connection.recordSent(head + body - first)
            #expect(connection.outputSent == head && connection.bodySent == body && !connection.hasBytesToSend)
        }
    }
}
