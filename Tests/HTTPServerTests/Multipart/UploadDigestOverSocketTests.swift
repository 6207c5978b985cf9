import Foundation
import Testing
@testable import HTTPServer

/// Files hashed as they arrive (`MultipartBodySink(digestingFiles: true)`), the way evidence uploads
/// are received so that keeping one never reads it back.
@Suite struct UploadDigestOverSocketTests {
    func digestingRouter(directory: String) -> Router {
        var router = Router()
        router.post("/documents", body: .custom(maxBytes: 1 << 30) { head in
            try MultipartBodySink(head: head, directory: directory, digestingFiles: true)
        }) { request in
            let form = try request.multipartForm()
            let lines = try form.files.map { file in
                "\(file.fieldName)|\(file.size)|\(file.sha256 ?? "none")|\(try SHA256Process.digest(ofFile: file.temporaryPath))"
            }
            return .text(lines.joined(separator: "\n"))
        }
        router.post("/plain", body: .multipart(maxBytes: 1 << 20, directory: directory)) { request in
            .text(try request.multipartForm().files.map { $0.sha256 ?? "none" }.joined(separator: "\n"))
        }
        return router
    }

    @Test("the SHA-256 computed while a file arrives in uneven pieces is the SHA-256 of the bytes kept")
    func digestMatchesStoredBytes() async throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withServer(responder: digestingRouter(directory: directory)) { _, port in
            let b = MultipartFixture.boundary
            var generator = SplitMix64(state: 2026)
            // Over the writeback step (8 MiB), so early writeback runs mid-file too; plus a small file.
            let big = (0..<(9 << 20) + 12_345).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let small = Array("%PDF-1.7 small\r\n--not-the-boundary\r\n".utf8)
            let body = Array("--\(b)\r\nContent-Disposition: form-data; name=\"big\"; filename=\"big.bin\"\r\n\r\n".utf8) + big
                + Array("\r\n--\(b)\r\nContent-Disposition: form-data; name=\"small\"; filename=\"s.pdf\"\r\n\r\n".utf8) + small
                + Array("\r\n--\(b)--\r\n".utf8)
            let client = try RawClient(port: port, timeout: .seconds(60))
            try client.send("POST /documents HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\(b)\r\n"
                + "Content-Length: \(body.count)\r\n\r\n")
            var offset = 0
            var piece = 1
            while offset < body.count {
                // Pieces of 1, 3, 9, ... bytes up to 700 KiB, so part boundaries fall anywhere in a read.
                let end = min(body.count, offset + piece)
                try client.send(Array(body[offset..<end]))
                offset = end
                piece = piece * 3 % 700_001
            }
            let response = try client.readResponse()
            #expect(response.statusCode == 200)
            let lines = response.text.split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
            #expect(lines.count == 2)
            let expectedBig = try { () throws -> String in
                let hasher = try SHA256Process()
                try hasher.write(big)
                return try hasher.digest()
            }()
            #expect(lines.first == ["big", "\(big.count)", expectedBig, expectedBig])
            #expect(lines.last?[2] == lines.last?[3])
            #expect(lines.last?[1] == "\(small.count)")
        }
    }

    @Test("a plain multipart route does not hash its files")
    func plainRouteHasNoDigest() async throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withServer(responder: digestingRouter(directory: directory)) { _, port in
            let b = MultipartFixture.boundary
            let body = "--\(b)\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nhello\r\n--\(b)--\r\n"
            let client = try RawClient(port: port)
            try client.send("POST /plain HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\(b)\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n" + body)
            #expect(try client.readResponse().text == "none")
        }
    }
}
