import Testing
@testable import HTTPServer

/// Requests the parser must refuse, with the reason and status, whole and split at every byte boundary.
@Suite struct RequestParserRejectionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var raw: String
        var reason: RequestParseError.Reason
        var status: Int

        var testDescription: String { name }
    }

    static let host = "Host: h\r\n"

    static let cases: [Case] = [
        // Framing
        Case(
            name: "Content-Length with Transfer-Encoding",
            raw: "POST / HTTP/1.1\r\n\(host)Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
            reason: .contentLengthWithTransferEncoding, status: 400),
        Case(
            name: "Transfer-Encoding before Content-Length",
            raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
            reason: .contentLengthWithTransferEncoding, status: 400),
        Case(
            name: "signed Content-Length", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: +5\r\n\r\n",
            reason: .invalidContentLength, status: 400),
        Case(
            name: "negative zero Content-Length", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: -0\r\n\r\n",
            reason: .invalidContentLength, status: 400),
        Case(
            name: "hex Content-Length", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: 0x10\r\n\r\n",
            reason: .invalidContentLength, status: 400),
        Case(
            name: "list Content-Length", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: 1,2\r\n\r\n",
            reason: .invalidContentLength, status: 400),
        Case(
            name: "same-value list Content-Length", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: 5, 5\r\n\r\n",
            reason: .invalidContentLength, status: 400),
        Case(
            name: "empty Content-Length", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: \r\n\r\n",
            reason: .invalidContentLength, status: 400),
        Case(
            name: "overflowing Content-Length",
            raw: "POST / HTTP/1.1\r\n\(host)Content-Length: 99999999999999999999\r\n\r\n",
            reason: .invalidContentLength, status: 400),
        Case(
            name: "differing Content-Lengths",
            raw: "POST / HTTP/1.1\r\n\(host)Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
            reason: .conflictingContentLength, status: 400),
        Case(
            name: "chunked not last", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, gzip\r\n\r\n",
            reason: .chunkedNotFinal, status: 400),
        Case(
            name: "no chunked at all", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip\r\n\r\n",
            reason: .chunkedNotFinal, status: 400),
        Case(
            name: "chunked twice",
            raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            reason: .chunkedNotFinal, status: 400),
        Case(
            name: "empty Transfer-Encoding", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: \r\n\r\n",
            reason: .chunkedNotFinal, status: 400),
        Case(
            name: "unknown coding", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip, chunked\r\n\r\n",
            reason: .unsupportedTransferCoding, status: 501),
        Case(
            name: "Transfer-Encoding in HTTP/1.0", raw: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
            reason: .transferEncodingInHTTP10, status: 400),
        Case(
            name: "chunk size overflow",
            raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\n",
            reason: .chunkSizeOverflow, status: 400),
        Case(
            name: "chunk size not hex", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\nzz\r\n",
            reason: .invalidChunkSize, status: 400),
        Case(
            name: "signed chunk size", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n+5\r\n",
            reason: .invalidChunkSize, status: 400),
        Case(
            name: "chunk size with junk", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5 x\r\n",
            reason: .invalidChunkSize, status: 400),
        Case(
            name: "chunk data too long",
            raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n4\r\nWikiX\r\n0\r\n\r\n",
            reason: .invalidChunkTerminator, status: 400),
        Case(
            name: "chunk line with bare LF",
            raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n4\nWiki\r\n",
            reason: .bareLineFeed, status: 400),
        // Lines and fields
        Case(
            name: "obs-fold", raw: "GET / HTTP/1.1\r\n\(host)X-A: a\r\n  folded\r\n\r\n",
            reason: .obsoleteLineFolding, status: 400),
        Case(
            name: "whitespace before first field", raw: "GET / HTTP/1.1\r\n \(host)\r\n",
            reason: .obsoleteLineFolding, status: 400),
        Case(
            name: "bare CR in a field", raw: "GET / HTTP/1.1\r\n\(host)X-A: a\rb\r\n\r\n",
            reason: .bareCarriageReturn, status: 400),
        Case(name: "bare LF line ends", raw: "GET / HTTP/1.1\nHost: h\n\n", reason: .bareLineFeed, status: 400),
        Case(
            name: "bare LF ending the head", raw: "GET / HTTP/1.1\r\nHost: h\r\n\n", reason: .bareLineFeed,
            status: 400),
        Case(
            name: "NUL in a value", raw: "GET / HTTP/1.1\r\n\(host)X-A: a\u{0}b\r\n\r\n", reason: .invalidFieldValue,
            status: 400),
        Case(
            name: "whitespace before colon", raw: "GET / HTTP/1.1\r\nHost : h\r\n\r\n",
            reason: .whitespaceBeforeColon, status: 400),
        Case(
            name: "tab before colon", raw: "GET / HTTP/1.1\r\n\(host)X-A\t: a\r\n\r\n",
            reason: .whitespaceBeforeColon, status: 400),
        Case(
            name: "invalid field name character", raw: "GET / HTTP/1.1\r\n\(host)X@A: a\r\n\r\n",
            reason: .invalidFieldName, status: 400),
        Case(
            name: "empty field name", raw: "GET / HTTP/1.1\r\n\(host): a\r\n\r\n", reason: .invalidFieldName,
            status: 400),
        Case(
            name: "line without colon", raw: "GET / HTTP/1.1\r\n\(host)just-text\r\n\r\n",
            reason: .invalidFieldName, status: 400),
        // Host
        Case(name: "missing Host", raw: "GET / HTTP/1.1\r\n\r\n", reason: .missingHost, status: 400),
        Case(
            name: "duplicate Host", raw: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", reason: .duplicateHost,
            status: 400),
        Case(
            name: "duplicate Host in 1.0", raw: "GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n",
            reason: .duplicateHost, status: 400),
        Case(
            name: "Host with a space", raw: "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", reason: .invalidHost,
            status: 400),
        Case(
            name: "Host with user info", raw: "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", reason: .invalidHost,
            status: 400),
        // Request line
        Case(
            name: "invalid method character", raw: "GE(T / HTTP/1.1\r\n\(host)\r\n",
            reason: .malformedRequestLine, status: 400),
        Case(
            name: "double space", raw: "GET  / HTTP/1.1\r\n\(host)\r\n", reason: .malformedRequestLine, status: 400),
        Case(
            name: "tab separator", raw: "GET\t/ HTTP/1.1\r\n\(host)\r\n", reason: .malformedRequestLine,
            status: 400),
        Case(name: "no version", raw: "GET /\r\n\r\n", reason: .malformedRequestLine, status: 400),
        Case(
            name: "lowercase version", raw: "GET / http/1.1\r\n\(host)\r\n", reason: .malformedRequestLine,
            status: 400),
        Case(
            name: "trailing junk after version", raw: "GET / HTTP/1.1x\r\n\(host)\r\n",
            reason: .malformedRequestLine, status: 400),
        Case(
            name: "trailing space after version", raw: "GET / HTTP/1.1 \r\n\(host)\r\n",
            reason: .malformedRequestLine, status: 400),
        Case(name: "HTTP/2.0", raw: "GET / HTTP/2.0\r\n\(host)\r\n", reason: .unsupportedVersion, status: 505),
        Case(name: "HTTP/1.2", raw: "GET / HTTP/1.2\r\n\(host)\r\n", reason: .unsupportedVersion, status: 505),
        Case(name: "HTTP/0.9 style", raw: "GET / HTTP/0.9\r\n\r\n", reason: .unsupportedVersion, status: 505),
        Case(name: "fragment in target", raw: "GET /a#b HTTP/1.1\r\n\(host)\r\n", reason: .invalidTarget, status: 400),
        Case(name: "relative target", raw: "GET a/b HTTP/1.1\r\n\(host)\r\n", reason: .invalidTarget, status: 400),
        Case(
            name: "non-http absolute target", raw: "GET ftp://x/y HTTP/1.1\r\n\(host)\r\n", reason: .invalidTarget,
            status: 400),
        Case(
            name: "user info in absolute target", raw: "GET http://u@x/y HTTP/1.1\r\n\(host)\r\n",
            reason: .invalidTarget, status: 400),
        Case(name: "asterisk for GET", raw: "GET * HTTP/1.1\r\n\(host)\r\n", reason: .invalidTarget, status: 400),
        Case(
            name: "CONNECT", raw: "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n",
            reason: .unsupportedMethod, status: 501),
        Case(
            name: "too many empty lines first", raw: "\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\n\(host)\r\n",
            reason: .tooManyLeadingEmptyLines, status: 400),
        // Expectations
        Case(
            name: "unknown expectation", raw: "PUT / HTTP/1.1\r\n\(host)Expect: 200-ok\r\nContent-Length: 1\r\n\r\nx",
            reason: .unsupportedExpectation, status: 417),
    ]

    @Test(arguments: cases)
    func rejected(_ testCase: Case) {
        let transcript = transcriptAtEverySplit(testCase.raw)
        #expect(transcript.failure?.reason == testCase.reason)
        #expect(transcript.failure?.status.code == testCase.status)
        // Nothing of a refused request reaches a handler.
        #expect(transcript.heads.isEmpty || transcript.heads.first?.framing == .chunked)
    }

    static let small = RequestParserLimits(
        maxRequestLineBytes: 32, maxHeaderBytes: 64, maxHeaderCount: 3, maxChunkLineBytes: 16)

    /// The request line "GET /aaa… HTTP/1.1" is 32 bytes with 18 "a"s: exactly the small limit.
    @Test func requestLineOverTheLimitIs414() {
        let ok = transcriptAtEverySplit("GET /\(String(repeating: "a", count: 18)) HTTP/1.1\r\n\(Self.host)\r\n", limits: Self.small)
        #expect(ok.failure == nil)
        let long = transcriptAtEverySplit(
            "GET /\(String(repeating: "a", count: 19)) HTTP/1.1\r\n\(Self.host)\r\n", limits: Self.small)
        #expect(long.failure?.reason == .requestLineTooLong)
        #expect(long.failure?.status.code == 414)
        // Refused before the line ends: the client cannot make the server wait for a CRLF forever.
        let endless = ParserTranscript.parse(Array("GET /\(String(repeating: "a", count: 40))".utf8), limits: Self.small)
        #expect(endless.failure?.status.code == 414)
    }

    /// "Host: h\r\n" (9) + "X-A: " (5) + value + CRLF (2): 48 "v"s make exactly the 64-byte limit.
    @Test func headerSectionOverTheLimitIs431() {
        let fits = "GET / HTTP/1.1\r\n\(Self.host)X-A: \(String(repeating: "v", count: 48))\r\n\r\n"
        #expect(transcriptAtEverySplit(fits, limits: Self.small).failure == nil)
        let over = "GET / HTTP/1.1\r\n\(Self.host)X-A: \(String(repeating: "v", count: 49))\r\n\r\n"
        let transcript = transcriptAtEverySplit(over, limits: Self.small)
        #expect(transcript.failure?.reason == .headersTooLarge)
        #expect(transcript.failure?.status.code == 431)
        let endless = ParserTranscript.parse(
            Array("GET / HTTP/1.1\r\nX-A: \(String(repeating: "v", count: 100))".utf8), limits: Self.small)
        #expect(endless.failure?.status.code == 431)
    }

    @Test func tooManyFieldsIs431() {
        let three = "GET / HTTP/1.1\r\n\(Self.host)A: 1\r\nB: 2\r\n\r\n"
        #expect(transcriptAtEverySplit(three, limits: Self.small).failure == nil)
        let four = "GET / HTTP/1.1\r\n\(Self.host)A: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        let transcript = transcriptAtEverySplit(four, limits: Self.small)
        #expect(transcript.failure?.reason == .tooManyHeaders)
        #expect(transcript.failure?.status.code == 431)
    }

    @Test func longChunkLineIsRefused() {
        let raw = "POST / HTTP/1.1\r\n\(Self.host)Transfer-Encoding: chunked\r\n\r\n1;\(String(repeating: "e", count: 20))\r\n"
        let transcript = transcriptAtEverySplit(raw, limits: Self.small)
        #expect(transcript.failure?.reason == .chunkLineTooLong)
    }

    @Test func trailerSectionIsBounded() {
        let raw = "POST / HTTP/1.1\r\n\(Self.host)Transfer-Encoding: chunked\r\n\r\n0\r\nT: \(String(repeating: "t", count: 80))\r\n\r\n"
        let transcript = transcriptAtEverySplit(raw, limits: Self.small)
        #expect(transcript.failure?.reason == .trailersTooLarge)
        #expect(transcript.failure?.status.code == 431)
    }
}
