import Foundation
import Testing
@testable import HTTPServer

@Suite struct MultipartFormReaderTests {
    func read(_ body: [UInt8], directory: String, limits: MultipartLimits = .standard, chunk: Int = 7) throws
        -> MultipartForm
    {
        let reader = MultipartFormReader(
            boundary: try MultipartBoundary(MultipartFixture.boundary), limits: limits, directory: directory)
        var offset = 0
        while offset < body.count {
            let end = min(body.count, offset + chunk)
            try Array(body[offset..<end]).withUnsafeBytes { try reader.write($0) }
            offset = end
        }
        return try reader.finish()
    }

    @Test func keepsFieldsInMemoryAndFilesOnDisk() throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let form = try read(MultipartFixture.simpleForm, directory: directory)
        #expect(form.fields["title"] == "Level 3 Digital Production")
        let file = try #require(form.file("evidence"))
        #expect(file.filename == "spec.pdf")
        #expect(file.contentType == "application/pdf")
        #expect(file.size == 17)
        #expect(file.temporaryPath.hasPrefix(directory + "/upload-"))
        #expect(!file.temporaryPath.contains("spec"))
        #expect(FileManager.default.contents(atPath: file.temporaryPath) == Data("%PDF-1.7 binary\u{1}\u{2}".utf8))
    }

    @Test func dropsAnEmptyFileInput() throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let body = MultipartFixture.body(
            """
            --\(MultipartFixture.boundary)
            Content-Disposition: form-data; name="evidence"; filename=""
            Content-Type: application/octet-stream


            --\(MultipartFixture.boundary)--
            """)
        let form = try read(body, directory: directory)
        #expect(form.files.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func refusesOversizedFieldAndRemovesFilesWritten() throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let b = MultipartFixture.boundary
        let body = MultipartFixture.body(
            """
            --\(b)
            Content-Disposition: form-data; name="doc"; filename="a.txt"

            file content
            --\(b)
            Content-Disposition: form-data; name="comment"

            \(String(repeating: "x", count: 100))
            --\(b)--
            """)
        #expect(throws: MultipartError.fieldTooLarge(name: "comment", limit: 50)) {
            try read(body, directory: directory, limits: MultipartLimits(maxFieldBytes: 50))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        #expect(throws: MultipartError.fieldsTooLarge(limit: 60)) {
            try read(body, directory: directory, limits: MultipartLimits(maxTotalFieldBytes: 60))
        }
        #expect(throws: MultipartError.fileTooLarge(name: "doc", limit: 5)) {
            try read(body, directory: directory, limits: MultipartLimits(maxFileBytes: 5))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func abortRemovesFilesAndTruncatedBodyLeavesNone() throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let body = MultipartFixture.simpleForm
        let reader = MultipartFormReader(
            boundary: try MultipartBoundary(MultipartFixture.boundary), directory: directory)
        try Array(body.dropLast(20)).withUnsafeBytes { try reader.write($0) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count == 1)
        reader.abort()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)

        #expect(throws: MultipartError.missingClosingDelimiter) {
            try read(Array(body.dropLast(20)), directory: directory)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func refusesFieldThatIsNotUTF8() throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let b = MultipartFixture.boundary
        let body = Array("--\(b)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n".utf8) + [0xFF, 0xFE]
            + Array("\r\n--\(b)--".utf8)
        #expect(throws: MultipartError.malformed(reason: "field a is not UTF-8")) {
            try read(body, directory: directory)
        }
    }

    @Test func keptUploadMovesOutOfTheTemporaryDirectory() throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let form = try read(MultipartFixture.simpleForm, directory: directory)
        let file = try #require(form.file("evidence"))
        try FileManager.default.createDirectory(atPath: directory + "/kept", withIntermediateDirectories: true)
        try file.keep(at: directory + "/kept/spec.pdf")
        #expect(!FileManager.default.fileExists(atPath: file.temporaryPath))
        #expect(FileManager.default.contents(atPath: directory + "/kept/spec.pdf")?.count == 17)
        #expect(throws: UploadedFile.KeepingFailure(errorNumber: ENOENT)) {
            try file.keep(at: directory + "/kept/again.pdf")
        }
    }
}
