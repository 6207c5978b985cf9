import Foundation
import Testing
@testable import HTTPServer

/// A file part's bytes read straight into its staging buffer, as the event loop does when the reader
/// offers one: the files come out whole and hashed right whether the delimiters, the bytes the parser
/// holds back and the staging buffers' edges fall inside an in-place read or between reads.
@Suite struct MultipartInPlaceReceivingTests {
    let boundary = MultipartFixture.boundary

    func sha256(_ bytes: [UInt8]) throws -> String {
        let hasher = try SHA256Process()
        try hasher.write(bytes)
        return try hasher.digest()
    }

    /// Plays the loop: each piece of `piece` bytes is read into the reader's receiving buffer when it
    /// offers one (as much as fits) and handed to `write` in place, else written from the body.
    /// Returns the form and how many bytes went in place.
    func receive(_ body: [UInt8], piece: Int, directory: String) throws -> (MultipartForm, inPlace: Int) {
        let reader = MultipartFormReader(boundary: try MultipartBoundary(boundary), directory: directory, digestingFiles: true)
        var offset = 0
        var inPlace = 0
        while offset < body.count {
            let wanted = min(piece, body.count - offset)
            if let target = reader.receivingBuffer(upTo: wanted) {
                let count = min(target.count, wanted)
                body[offset..<(offset + count)].withUnsafeBytes { target.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: count) }
                try reader.write(UnsafeRawBufferPointer(rebasing: target[0..<count]))
                inPlace += count
                offset += count
            } else {
                try body[offset..<(offset + wanted)].withUnsafeBytes { try reader.write($0) }
                offset += wanted
            }
        }
        return (try reader.finish(), inPlace)
    }

    @Test("files read in place come out whole and hashed right, in pieces of every size",
          arguments: [1_000, 4_096, 65_536, 200_003, 262_144])
    func wholeWhateverThePieces(piece: Int) throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Over a staging buffer and a bit, a small one, and two buffers and a bit: the ends fall
        // anywhere relative to the 1 MiB buffers and the 4 KiB blocks.
        let files = [MultipartFixture.trickyContent((1 << 20) + 100_003, seed: 1, oneIn: 255), MultipartFixture.trickyContent(5_000, seed: 2, oneIn: 255),
                     MultipartFixture.trickyContent((2 << 20) + 7, seed: 3, oneIn: 255)]
        var body: [UInt8] = []
        for (index, content) in files.enumerated() {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"f\(index)\"; filename=\"f\(index).bin\"\r\n\r\n".utf8)
            body += content
            body += Array("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"note\(index)\"\r\n\r\nfield \(index)\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        let (form, inPlace) = try receive(body, piece: piece, directory: directory)
        #expect(form.files.count == 3)
        for (index, content) in files.enumerated() {
            let file = try #require(form.files.first { $0.fieldName == "f\(index)" })
            #expect(file.size == content.count, "file \(index), pieces of \(piece)")
            #expect(FileManager.default.contents(atPath: file.temporaryPath) == Data(content), "file \(index), pieces of \(piece)")
            #expect(file.sha256 == (try sha256(content)), "file \(index), pieces of \(piece)")
            #expect(form.fields["note\(index)"] == "field \(index)")
        }
        // Most of the files' bytes went in place; the rest are the first piece of each part, the
        // pieces around a delimiter and the bytes carried over at a staging buffer's end.
        let fileBytes = files.reduce(0) { $0 + $1.count }
        #expect(inPlace > fileBytes * 8 / 10, "\(inPlace) of \(fileBytes) bytes in place, pieces of \(piece)")
    }

    @Test("a file given up halfway through an in-place read leaves nothing behind")
    func abortMidFile() throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reader = MultipartFormReader(boundary: try MultipartBoundary(boundary), directory: directory, digestingFiles: true)
        let head = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f.bin\"\r\n\r\n".utf8)
        try head.withUnsafeBytes { try reader.write($0) }
        let content = MultipartFixture.trickyContent(3 << 20, seed: 7, oneIn: 255)
        var offset = 0
        while offset < content.count, let target = reader.receivingBuffer(upTo: 65_536) {
            let count = min(target.count, content.count - offset)
            content[offset..<(offset + count)].withUnsafeBytes { target.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: count) }
            try reader.write(UnsafeRawBufferPointer(rebasing: target[0..<count]))
            offset += count
        }
        #expect(offset == content.count)
        reader.abort()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }
}
