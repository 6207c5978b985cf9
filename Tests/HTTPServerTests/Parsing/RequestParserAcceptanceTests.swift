import Testing
@testable import HTTPServer

/// Requests the parser must accept, each fed whole, split at every byte boundary and byte by byte.
@Suite struct RequestParserAcceptanceTests {
    @Test func simpleGet() {
        let transcript = transcriptAtEverySplit("GET /healthz HTTP/1.1\r\nHost: example.org\r\n\r\n")
        #expect(transcript.failure == nil)
        #expect(transcript.entries.count == 2)
        let head = try! #require(transcript.heads.first)
        #expect(head.method == "GET")
        #expect(head.path == "/healthz")
        #expect(head.query == nil)
        #expect(head.version == "HTTP/1.1")
        #expect(head.headers == [["Host", "example.org"]])
        #expect(head.framing == .none)
        #expect(head.keepAlive)
        #expect(transcript.trailers == [[]])
    }

    @Test func pathStaysEncodedAndQueryIsSplitOff() {
        let transcript = transcriptAtEverySplit("GET /a%20b/c%2Fd?x=1&y=%2F HTTP/1.1\r\nHost: h\r\n\r\n")
        let head = try! #require(transcript.heads.first)
        #expect(head.target == "/a%20b/c%2Fd?x=1&y=%2F")
        #expect(head.path == "/a%20b/c%2Fd")
        #expect(head.query == "x=1&y=%2F")
    }

    @Test func duplicateFieldsAreKeptInOrder() {
        let transcript = transcriptAtEverySplit(
            "GET / HTTP/1.1\r\nHost: h\r\nAccept: a\r\nSet-Thing: 1\r\naccept: b\r\nSet-Thing: 2\r\n\r\n")
        let head = try! #require(transcript.heads.first)
        #expect(
            head.headers == [["Host", "h"], ["Accept", "a"], ["Set-Thing", "1"], ["accept", "b"], ["Set-Thing", "2"]])
    }

    @Test func optionalWhitespaceIsTrimmedAndObsTextKept() {
        let raw: [UInt8] = Array("GET / HTTP/1.1\r\nHost: h\r\nX-A:   spaced \t \r\nX-B:\r\nX-C: caf".utf8) + [0xC3, 0xA9]
            + Array("\r\n\r\n".utf8)
        let transcript = transcriptAtEverySplit(raw)
        let head = try! #require(transcript.heads.first)
        #expect(head.headers == [["Host", "h"], ["X-A", "spaced"], ["X-B", ""], ["X-C", "café"]])
    }

    @Test func contentLengthBody() {
        let transcript = transcriptAtEverySplit(
            "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world")
        #expect(transcript.heads.first?.framing == .length(11))
        #expect(transcript.bodies == ["hello world"])
        #expect(transcript.trailers == [[]])
    }

    @Test func identicalDuplicateContentLengthsAreOneLength() {
        let transcript = transcriptAtEverySplit(
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 005\r\nContent-Length: 5\r\n\r\nhello")
        #expect(transcript.failure == nil)
        #expect(transcript.bodies == ["hello"])
    }

    @Test func zeroContentLengthEndsAtOnce() {
        let transcript = transcriptAtEverySplit("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
        #expect(transcript.entries.count == 2)
        #expect(transcript.bodies.isEmpty)
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() {
        let transcript = transcriptAtEverySplit(
            "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n"
                + "4;name=value;flag\r\nWiki\r\n000A \t; x=\"y\"\r\npedia in c\r\n0\r\nChecksum: abc\r\nX-T: 1\r\n\r\n")
        #expect(transcript.failure == nil)
        let head = try! #require(transcript.heads.first)
        #expect(head.framing == .chunked)
        #expect(transcript.bodies == ["Wikipedia in c"])
        #expect(transcript.trailers == [[["Checksum", "abc"], ["X-T", "1"]]])
        // Trailers never join the head's fields.
        #expect(!head.headers.contains { $0[0] == "Checksum" })
    }

    @Test func pipelinedRequestsComeOutInOrder() {
        let transcript = transcriptAtEverySplit(
            "POST /1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\none"
                + "GET /2 HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /3 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nthree\r\n0\r\n\r\n")
        #expect(transcript.heads.map(\.path) == ["/1", "/2", "/3"])
        #expect(transcript.bodies == ["one", "three"])
        #expect(transcript.trailers.count == 3)
    }

    @Test func http10KeepAliveOnlyWhenAsked() {
        let plain = transcriptAtEverySplit("GET / HTTP/1.0\r\n\r\n")
        #expect(plain.heads.first?.keepAlive == false)
        #expect(plain.heads.first?.version == "HTTP/1.0")
        let kept = transcriptAtEverySplit("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        #expect(kept.heads.first?.keepAlive == true)
        let closed = transcriptAtEverySplit("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade, close\r\n\r\n")
        #expect(closed.heads.first?.keepAlive == false)
    }

    @Test func absoluteFormTargets() {
        let full = transcriptAtEverySplit("GET http://example.org:8080/p/q?x=y HTTP/1.1\r\nHost: other\r\n\r\n")
        let head = try! #require(full.heads.first)
        #expect(head.path == "/p/q")
        #expect(head.query == "x=y")
        let bare = transcriptAtEverySplit("GET HTTPS://example.org HTTP/1.1\r\nHost: example.org\r\n\r\n")
        #expect(bare.heads.first?.path == "/")
        #expect(bare.failure == nil)
    }

    @Test func absoluteFormAuthorityIsExposed() throws {
        var parser = RequestParser()
        let raw = Array("GET http://example.org:8080/p HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        let (event, consumed) = try raw.withUnsafeBytes { try parser.parse($0) }
        guard case .head(let head) = event else {
            Issue.record("no head")
            return
        }
        #expect(head.authority == "example.org:8080")
        #expect(consumed == raw.count)
    }

    @Test func asteriskFormForOptions() {
        let transcript = transcriptAtEverySplit("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(transcript.heads.first?.path == "*")
    }

    @Test func leadingEmptyLinesAreSkipped() {
        let transcript = transcriptAtEverySplit("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(transcript.failure == nil)
        #expect(transcript.heads.count == 1)
    }

    @Test func expectContinueOnlyForHTTP11() {
        let eleven = transcriptAtEverySplit(
            "PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\nok")
        #expect(eleven.heads.first?.expectsContinue == true)
        let ten = transcriptAtEverySplit("PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok")
        #expect(ten.heads.first?.expectsContinue == false)
    }

    @Test func unknownMethodsAreTokens() {
        let transcript = transcriptAtEverySplit("PROPFIND /x HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(transcript.heads.first?.method == "PROPFIND")
    }

    @Test func incompleteInputJustWaits() {
        let transcript = transcriptAtEverySplit("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")
        #expect(transcript.failure == nil)
        #expect(transcript.bodies == ["abc"])
        #expect(transcript.trailers.isEmpty)
    }
}
