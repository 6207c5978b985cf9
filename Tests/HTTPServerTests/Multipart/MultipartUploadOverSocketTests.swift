import Foundation
import Testing
@testable import HTTPServer

/// Runs `sha256sum` and reads its hex digest. The C tool is used on both sides so the check costs
/// seconds even for a gigabyte in a debug build.
final class SHA256Process {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()

    init(file: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = file.map { [$0] } ?? []
        process.standardInput = file == nil ? input : nil
        process.standardOutput = output
        try process.run()
    }

    func write(_ bytes: [UInt8]) throws {
        try input.fileHandleForWriting.write(contentsOf: bytes)
    }

    func digest() throws -> String {
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    static func digest(ofFile path: String) throws -> String {
        try SHA256Process(file: path).digest()
    }
}

/// Memory figures of this process from /proc/self/status, in kB.
enum ProcessMemory {
    static func value(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
        }
        return 0
    }

    /// Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs), so a later VmHWM is the
    /// peak since now.
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}

@Suite(.serialized) struct MultipartUploadOverSocketTests {
    func uploadRouter(directory: String) -> Router {
        var router = Router()
        router.use(SecurityHeadersMiddleware())
        router.post("/documents", body: .multipart(maxBytes: 4 << 30, directory: directory)) { request in
            let form = try request.multipartForm()
            var lines = ["title=\(form.fields["title"] ?? "-")"]
            for file in form.files {
                let digest = try SHA256Process.digest(ofFile: file.temporaryPath)
                var info = stat()
                stat(file.temporaryPath, &info)
                lines.append("\(file.fieldName)|\(file.filename ?? "-")|\(file.contentType ?? "-")|\(file.size)|\(info.st_size)|\(digest)")
            }
            return .text(lines.joined(separator: "\n"))
        }
        return router
    }

    @Test func uploadsFieldsAndFilesAndCleansUp() async throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withServer(responder: uploadRouter(directory: directory)) { _, port in
            let body = MultipartFixture.simpleForm
            let client = try RawClient(port: port)
            try client.send(
                "POST /documents HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\(MultipartFixture.boundary)\r\n"
                    + "Content-Length: \(body.count)\r\n\r\n")
            for byte in body.prefix(40) { try client.send([byte]) }  // a slow start, byte by byte
            try client.send(Array(body.dropFirst(40)))
            let response = try client.readResponse()
            #expect(response.statusCode == 200)
            let lines = response.text.split(separator: "\n")
            #expect(lines.first == "title=Level 3 Digital Production")
            let expectedDigest = try { () throws -> String in
                let hasher = try SHA256Process()
                try hasher.write(Array("%PDF-1.7 binary\u{1}\u{2}".utf8))
                return try hasher.digest()
            }()
            #expect(lines.last == "evidence|spec.pdf|application/pdf|17|17|\(expectedDigest)")
            // The server deletes the temporary files once the response is sent.
            try client.send("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try client.readResponse()
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        }
    }

    @Test func malformedUploadIsRefusedAndLeavesNoFiles() async throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withServer(responder: uploadRouter(directory: directory)) { _, port in
            let b = MultipartFixture.boundary
            let body = Array("--\(b)\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\n\r\n".utf8)
                + [UInt8](repeating: 7, count: 10_000) + Array("\r\n--\(b)junk".utf8)
            let client = try RawClient(port: port)
            try client.send(
                "POST /documents HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\(b)\r\n"
                    + "Content-Length: \(body.count)\r\n\r\n")
            try client.send(body)
            #expect(try client.readResponse().statusCode == 400)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)

            let wrongType = try RawClient(port: port)
            try wrongType.send("POST /documents HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nabc")
            #expect(try wrongType.readResponse().statusCode == 415)

            // A client that vanishes mid-upload leaves nothing behind.
            let vanishing = try RawClient(port: port)
            try vanishing.send(
                "POST /documents HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\(b)\r\n"
                    + "Content-Length: 1000000\r\n\r\n")
            try vanishing.send(Array(body.prefix(5_000)))
            vanishing.abort()
            // The server notices the reset on its own schedule: wait for it, up to a generous bound.
            let deadline = ContinuousClock.now + .seconds(10)
            while !(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        }
    }

    /// Streams a generated upload (never held in memory on either side) and checks the stored file's
    /// size and SHA-256. 64 MiB by default; set HTTP_BIG_UPLOAD_BYTES=1073741824 for the 1 GB run,
    /// which also checks that the process's peak RSS grew by less than 32 MiB.
    @Test func bigUploadIsStreamedToDisk() async throws {
        let environment = ProcessInfo.processInfo.environment["HTTP_BIG_UPLOAD_BYTES"]
        let fileBytes = environment.flatMap(Int.init) ?? 64 << 20
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withServer(responder: uploadRouter(directory: directory)) { _, port in
            let b = MultipartFixture.boundary
            let before = Array(
                ("--\(b)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nBig\r\n"
                    + "--\(b)\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"big.bin\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").utf8)
            let after = Array("\r\n--\(b)--\r\n".utf8)
            var generator = SplitMix64(state: 7578)
            var block = (0..<(256 * 1024)).map { _ in UInt8.random(in: 0...255, using: &generator) }

            let client = try RawClient(port: port, timeout: .seconds(60))
            try client.send(
                "POST /documents HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\(b)\r\n"
                    + "Content-Length: \(before.count + fileBytes + after.count)\r\n\r\n")
            try client.send(before)
            let hasher = try SHA256Process()
            ProcessMemory.resetPeak()
            let rssBefore = ProcessMemory.value("VmRSS")
            var sent = 0
            var counter: UInt64 = 0
            while sent < fileBytes {
                // Vary each block so the content is not periodic.
                counter += 1
                withUnsafeBytes(of: counter) { block.replaceSubrange(0..<8, with: $0) }
                let piece = sent + block.count <= fileBytes ? block : Array(block.prefix(fileBytes - sent))
                try client.send(piece)
                try hasher.write(piece)
                sent += piece.count
            }
            try client.send(after)
            let response = try client.readResponse()
            let peak = ProcessMemory.value("VmHWM")
            let expectedDigest = try hasher.digest()
            #expect(response.statusCode == 200)
            let lines = response.text.split(separator: "\n")
            #expect(lines.first == "title=Big")
            #expect(lines.last == "evidence|big.bin|application/octet-stream|\(fileBytes)|\(fileBytes)|\(expectedDigest)")
            let growthKB = peak - rssBefore
            print("big upload: \(fileBytes) bytes, VmRSS before \(rssBefore) kB, VmHWM after \(peak) kB, growth \(growthKB) kB")
            if environment != nil {
                #expect(growthKB < 32 * 1024, "peak RSS grew by \(growthKB) kB during the upload")
            }
        }
    }
}
