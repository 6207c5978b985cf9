import Testing
import HTTPServer

/// Keep-alive, pipelining, HTTP/1.0 and HEAD over real loopback sockets.
@Suite struct ConnectionReuseTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            for index in 0..<3 {
                try client.send("GET /n/\(index) HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.statusCode == 200)
                #expect(response.text.contains("path=/n/\(index)"))
                #expect(response.header("Connection") == nil)
                #expect(response.header("Date") != nil)
            }
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            var burst = ""
            for index in 0..<20 {
                burst += "POST /p/\(index) HTTP/1.1\r\nHost: t\r\nContent-Length: \(String(index).count)\r\n\r\n\(index)"
            }
            try client.send(burst)
            for index in 0..<20 {
                let response = try client.readResponse()
                #expect(response.text.contains("path=/p/\(index)\n"))
                #expect(response.text.contains("body=\(index)"))
            }
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            let plain = try RawClient(port: port)
            try plain.send("GET /a HTTP/1.0\r\n\r\n")
            let first = try plain.readResponse()
            #expect(first.statusCode == 200)
            #expect(first.header("Connection") == "close")
            #expect(try plain.isClosedByServer())

            let kept = try RawClient(port: port)
            try kept.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let second = try kept.readResponse()
            #expect(second.header("Connection") == "keep-alive")
            try kept.send("GET /c HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.readResponse().text.contains("path=/c"))
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            #expect(try client.readResponse().header("Connection") == "close")
            #expect(try client.isClosedByServer())
        }
    }

    @Test func headGetsTheLengthOfGetButNoBody() async throws {
        try await withServer(responder: ClosureResponder { _ in .text("twelve bytes") }) { _, port in
            let client = try RawClient(port: port)
            try client.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try client.readResponse(head: true)
            #expect(head.header("Content-Length") == "12")
            // Had the HEAD response carried a body, it would be read here as the next status line.
            let get = try client.readResponse()
            #expect(get.text == "twelve bytes")
        }
    }

    @Test func halfClosedClientStillGetsItsResponses() async throws {
        try await withServer(responder: echoResponder()) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /one HTTP/1.1\r\nHost: t\r\n\r\nGET /two HTTP/1.1\r\nHost: t\r\n\r\n")
            client.shutdownWrite()
            #expect(try client.readResponse().text.contains("path=/one"))
            #expect(try client.readResponse().text.contains("path=/two"))
            #expect(try client.isClosedByServer())
        }
    }

    @Test func pipelinedInlineRequestsAreAnsweredInOrderAcrossReads() async throws {
        let inline = ClosureResponder(policy: { _ in .inline }) { request in .text(request.path) }
        try await withServer(responder: inline) { _, port in
            let client = try RawClient(port: port)
            var burst = ""
            for index in 0..<50 { burst += "GET /i/\(index) HTTP/1.1\r\nHost: t\r\n\r\n" }
            // Sent in uneven pieces so requests straddle reads.
            let bytes = Array(burst.utf8)
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + 37)
                try client.send(Array(bytes[offset..<end]))
                offset = end
            }
            for index in 0..<50 {
                #expect(try client.readResponse().text == "/i/\(index)")
            }
        }
    }

    @Test func requestsCarryIdentifierAndPeerAddress() async throws {
        let responder = ClosureResponder { request in
            .text("\(request.requestID) \(request.head.remoteAddress ?? "none")")
        }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            var identifiers: Set<String> = []
            for _ in 0..<5 {
                try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                let parts = try client.readResponse().text.split(separator: " ")
                #expect(parts.count == 2)
                #expect(parts.last?.hasPrefix("127.0.0.1:") == true)
                identifiers.insert(String(parts[0]))
            }
            #expect(identifiers.count == 5)
        }
    }

    @Test func headOfAStreamDoesNotRunItsProducer() async throws {
        let ran = Shared(false)
        let responder = ClosureResponder { _ in
            HTTPResponse(body: .stream(ResponseStream(length: 5) { writer in
                ran.value = true
                try writer.write("hello")
            }))
        }
        try await withServer(responder: responder) { _, port in
            let client = try RawClient(port: port)
            try client.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse(head: true).header("Content-Length") == "5")
            try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello")
            #expect(ran.value)
        }
    }
}
