import Foundation
import Testing
@testable import HTTPServer

@Suite struct StaticFilesOverSocketTests {
    @Test func servesFilesRangesAndNotModifiedOverLoopback() async throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        try await withServer(responder: try folder.router()) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /assets/app.css HTTP/1.1\r\nHost: x\r\n\r\n")
            let full = try client.readResponse()
            #expect(full.statusCode == 200)
            #expect(full.text == "body { color: #0b0c0c; }\n")
            #expect(full.header("Content-Length") == "25")
            #expect(full.header("Content-Type") == "text/css; charset=utf-8")
            #expect(full.header("X-Content-Type-Options") == "nosniff")
            let tag = try #require(full.header("ETag"))

            try client.send("GET /assets/app.css HTTP/1.1\r\nHost: x\r\nRange: bytes=7-11\r\n\r\n")
            let partial = try client.readResponse()
            #expect(partial.statusCode == 206)
            #expect(partial.text == "color")
            #expect(partial.header("Content-Range") == "bytes 7-11/25")

            try client.send("GET /assets/app.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: \(tag)\r\n\r\n")
            let notModified = try client.readResponse()
            #expect(notModified.statusCode == 304 && notModified.body.isEmpty)

            try client.send("GET /assets/app.css HTTP/1.1\r\nHost: x\r\nRange: bytes=99-\r\n\r\n")
            #expect(try client.readResponse().statusCode == 416)

            // HEAD: the same head, no body; the next response on the connection must still line up.
            try client.send("HEAD /robots.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try client.readResponse(head: true)
            #expect(head.statusCode == 200 && head.header("Content-Length") == "14")
            let afterHead = try client.readResponse()
            #expect(afterHead.statusCode == 200 && afterHead.text == "User-agent: *\n")
        }
    }

    @Test func refusesTraversalOnTheWire() async throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        try await withServer(responder: try folder.router()) { _, port in
            for target in [
                "/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt",
                "/..%5csecret.txt", "/%252e%252e/secret.txt", "/link-out", "/dir-out/secret.txt", "/.env",
                "/robots.txt%00",
            ] {
                let client = try RawClient(port: port)
                try client.send("GET \(target) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.statusCode == 404 || response.statusCode == 400, "\(target)")
                #expect(!response.text.contains("secret"), "\(target)")
            }
        }
    }
}
