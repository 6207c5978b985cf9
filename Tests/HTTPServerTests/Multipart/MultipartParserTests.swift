import Testing
@testable import HTTPServer

@Suite struct MultipartParserTests {
    let boundary = MultipartFixture.boundary

    @Test func parsesFieldsAndFilesWhole() throws {
        let parts = try MultipartFixture.parse(MultipartFixture.simpleForm)
        #expect(parts.count == 2)
        #expect(parts[0].head.name == "title")
        #expect(!parts[0].head.isFile)
        #expect(parts[0].content == Array("Level 3 Digital Production".utf8))
        #expect(parts[1].head.name == "evidence")
        #expect(parts[1].head.isFile)
        #expect(parts[1].head.filename == "spec.pdf")
        #expect(parts[1].head.contentType == "application/pdf")
        #expect(parts[1].content == Array("%PDF-1.7 binary\u{1}\u{2}".utf8))
    }

    @Test func sameResultWhenSplitAtEveryByte() throws {
        let body = MultipartFixture.simpleForm
        let whole = try MultipartFixture.parse(body)
        for cut in 0...body.count {
            #expect(try MultipartFixture.parse(body, cuts: [cut]) == whole, "cut at \(cut)")
        }
        #expect(try MultipartFixture.parse(body, cuts: Array(1..<body.count)) == whole, "one byte at a time")
    }

    @Test func sameResultForRandomChunkings() throws {
        var generator = SplitMix64(state: 2046)
        var content: [UInt8] = []
        for _ in 0..<5000 { content.append(UInt8.random(in: 0...255, using: &generator)) }
        // Sprinkle near-delimiters into the content.
        content.insert(contentsOf: Array("\r\n--\(boundary.dropLast())".utf8), at: 100)
        content.insert(contentsOf: Array("\r\n-\(boundary)".utf8), at: 2000)
        content.insert(contentsOf: Array("--\(boundary)".utf8), at: 4000)
        let body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n".utf8)
            + content + Array("\r\n--\(boundary)--\r\n".utf8)
        let whole = try MultipartFixture.parse(body)
        #expect(whole.count == 1)
        #expect(whole[0].content == content)
        for _ in 0..<200 {
            var cuts = Set<Int>()
            for _ in 0..<Int.random(in: 1...40, using: &generator) {
                cuts.insert(Int.random(in: 0...body.count, using: &generator))
            }
            #expect(try MultipartFixture.parse(body, cuts: cuts.sorted()) == whole)
        }
    }

    @Test func ignoresPreambleAndEpilogue() throws {
        let body = MultipartFixture.body(
            """
            This is the preamble. --\(boundary) is not at a line start here.
            --\(boundary)
            Content-Disposition: form-data; name="a"

            1
            --\(boundary)--
            This epilogue is ignored, even --\(boundary)
            --\(boundary)
            garbage that would be malformed
            """)
        let parts = try MultipartFixture.parse(body)
        #expect(parts.map(\.head.name) == ["a"])
        #expect(parts[0].content == Array("1".utf8))
    }

    @Test func acceptsTransportPaddingAfterDelimiter() throws {
        let body = Array("--\(boundary) \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--\(boundary)--".utf8)
        #expect(try MultipartFixture.parse(body).map(\.content) == [Array("x".utf8)])
    }

    @Test func boundaryLikeTextInsideContentStaysContent() throws {
        let tricky = "line\r\n--\(boundary.dropLast())\r\n-\(boundary)\r\nx--\(boundary)\r\n\r\n--"
        let body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\(tricky)\r\n--\(boundary)--".utf8)
        let parts = try MultipartFixture.parse(body)
        #expect(parts.count == 1)
        #expect(parts[0].content == Array(tricky.utf8))
    }

    @Test func emptyPartContentAndEmptyBodyOfForm() throws {
        let body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--\(boundary)--".utf8)
        #expect(try MultipartFixture.parse(body).map(\.content) == [[]])
    }

    @Test func refusesMissingClosingDelimiter() {
        let body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ntruncated".utf8)
        #expect(throws: MultipartError.missingClosingDelimiter) { try MultipartFixture.parse(body) }
        #expect(throws: MultipartError.missingClosingDelimiter) { try MultipartFixture.parse([]) }
        #expect(throws: MultipartError.missingClosingDelimiter) {
            try MultipartFixture.parse(Array("no delimiter at all".utf8))
        }
    }

    @Test func refusesTooManyParts() throws {
        let part = "--\(boundary)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n"
        let body = Array((String(repeating: part, count: 4) + "--\(boundary)--").utf8)
        #expect(try MultipartFixture.parse(body, limits: MultipartLimits(maxParts: 4)).count == 4)
        #expect(throws: MultipartError.tooManyParts(limit: 3)) {
            try MultipartFixture.parse(body, limits: MultipartLimits(maxParts: 3))
        }
    }

    @Test func refusesPartHeaderTooLarge() {
        let longName = String(repeating: "n", count: 200)
        let body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(longName)\"\r\n\r\nv\r\n--\(boundary)--".utf8)
        #expect(throws: MultipartError.partHeaderTooLarge(limit: 100)) {
            try MultipartFixture.parse(body, limits: MultipartLimits(maxPartHeaderBytes: 100))
        }
        // Also when the blank line never comes: the parser must not buffer forever.
        let endless = Array("--\(boundary)\r\nX-Filler: ".utf8) + [UInt8](repeating: 0x61, count: 500)
        #expect(throws: MultipartError.partHeaderTooLarge(limit: 100)) {
            try MultipartFixture.parse(endless, cuts: Array(stride(from: 10, to: endless.count, by: 10)),
                limits: MultipartLimits(maxPartHeaderBytes: 100))
        }
    }

    @Test(arguments: [
        "--B\r\nContent-Disposition: form-data\r\n\r\nv\r\n--B--",  // no name
        "--B\r\nContent-Type: text/plain\r\n\r\nv\r\n--B--",  // no disposition
        "--B\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--B--",  // not form-data
        "--B\r\n\r\nv\r\n--B--",  // no headers
        "--Bjunk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--B--",  // bytes after delimiter
        "--B\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\nv\r\n--B--",  // obs-fold
        "--B\r\nContent-Disposition form-data; name=\"a\"\r\n\r\nv\r\n--B--",  // no colon
        "--B\r\nContent-Disposition: form-data; name=\"a\nb\"\r\n\r\nv\r\n--B--",  // bare LF
        "--B\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--B--",  // unclosed quote
        "--B\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nv\r\n--B--",  // repeated name
        "--B\r\nContent-Disposition: form-data; name=a; filename=x; filename=y\r\n\r\nv\r\n--B--",
        "--B\r\nContent-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b\r\n\r\nv\r\n--B--",
        "--B\r\nContent-Disposition: form-data; name=a\r\nContent-Type: a/b\r\nContent-Type: c/d\r\n\r\nv\r\n--B--",
    ])
    func refusesMalformedParts(body: String) {
        #expect {
            try MultipartFixture.parse(Array(body.utf8), boundary: "B")
        } throws: { error in
            if case MultipartError.malformed = error { return true }
            return false
        }
    }

    @Test func staysFailedAfterAnError() throws {
        var parser = MultipartParser(boundary: try MultipartBoundary("B"))
        #expect(throws: MultipartError.self) { try parser.feed(Array("--Bjunk".utf8)) { _ in } }
        #expect(throws: MultipartError.self) { try parser.feed(Array("\r\n".utf8)) { _ in } }
        #expect(throws: MultipartError.self) { try parser.finish() }
    }

    @Test func readsPartHeadersIncludingExtendedFilename() throws {
        let body = Array(
            ("--B\r\ncontent-disposition: form-data; name=\"cv\"; filename=\"cv.txt\"; filename*=UTF-8''%C3%A9t%C3%A9.txt\r\n"
                + "X-Extra:  kept  \r\n\r\nv\r\n--B--").utf8)
        let head = try MultipartFixture.parse(body, boundary: "B")[0].head
        #expect(head.filename == "été.txt")
        #expect(head.fields.map(\.name) == ["content-disposition", "X-Extra"])
        #expect(head.fields[1].value == "kept")
        #expect(head.contentType == nil)
    }

    @Test(arguments: [
        ("form-data; name=\"doc\"; filename=\"a;b=c.txt\"", "a;b=c.txt"),
        ("form-data; name=doc; filename=plain.txt", "plain.txt"),
        ("form-data;name=\"doc\";filename=\"C:\\fakepath\\cv.pdf\"", "cv.pdf"),
        ("form-data; name=\"doc\"; filename=\"say \\\"hi\\\".txt\"", "say _hi_.txt"),
        ("FORM-DATA; NAME=\"doc\"; FILENAME=\"up.txt\";", "up.txt"),
    ])
    func readsDispositionParameters(disposition: String, filename: String) throws {
        let body = Array("--B\r\nContent-Disposition: \(disposition)\r\n\r\nv\r\n--B--".utf8)
        let head = try MultipartFixture.parse(body, boundary: "B")[0].head
        #expect(head.name == "doc")
        #expect(head.isFile)
        #expect(head.filename == filename)
    }
}
