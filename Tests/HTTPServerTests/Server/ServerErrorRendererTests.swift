import Foundation
import Testing
@testable import HTTPServer

/// The answers the server makes before any route runs go through `serverErrorRenderer`, which sees
/// the request target as far as it arrived, so an application can give its API's paths their format.
@Suite struct ServerErrorRendererTests {
    /// Problem JSON under `/api/`, plain text elsewhere: what an application would configure.
    func configuration() -> ServerConfiguration {
        var configuration = testConfiguration()
        configuration.parserLimits.maxRequestLineBytes = 1024
        configuration.parserLimits.maxHeaderBytes = 2048
        configuration.serverErrorRenderer = ErrorRenderer.choosing { request in
            request.path.hasPrefix("/api/") ? .problemJSON : .plainText
        }
        configuration.serverResponseHeaders = ["X-Content-Type-Options": "nosniff"]
        return configuration
    }

    let smallBodies = ClosureResponder(policy: { _ in BodyPolicy(maxBodyBytes: 10) }) { _ in .text("ok") }

    func answer(_ request: String, port: Int) throws -> RawClient.Response {
        let client = try RawClient(port: port)
        try client.send(request)
        return try client.readResponse()
    }

    @Test(arguments: [
        ("GET /api/v1/x HTTP/1.1\r\nHost: t\r\nBad Field: x\r\n\r\n", 400),
        ("GET /api/v1/x HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n", 413),
        ("GET /api/v1/" + String(repeating: "a", count: 2000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414),
        ("GET /api/v1/x HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "b", count: 3000) + "\r\n\r\n", 431),
        ("GET /api/v1/x HTTP/2.0\r\nHost: t\r\n\r\n", 505),
        ("GET /api/v1/x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("GET http://t/api/v1/x HTTP/1.1\r\nHost: t\r\nHost: u\r\n\r\n", 400),
    ])
    func refusalsUnderTheAPIAreProblems(request: String, status: Int) async throws {
        try await withServer(configuration(), responder: smallBodies) { _, port in
            let response = try answer(request, port: port)
            #expect(response.statusCode == status)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.header("X-Content-Type-Options") == "nosniff")
            let problem = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            #expect(problem["status"] as? Int == status)
            #expect(problem["type"] as? String == "about:blank")
            #expect((problem["detail"] as? String)?.isEmpty == false)
        }
    }

    @Test func refusalsElsewhereStayPlainText() async throws {
        try await withServer(configuration(), responder: smallBodies) { _, port in
            let response = try answer("GET /pages HTTP/1.1\r\nHost: t\r\nBad Field: x\r\n\r\n", port: port)
            #expect(response.statusCode == 400)
            #expect(response.header("Content-Type")?.hasPrefix("text/plain") == true)
            let garbage = try answer("\u{1}\u{2}\r\n\r\n", port: port)
            #expect(garbage.statusCode == 400)
            #expect(garbage.header("Content-Type")?.hasPrefix("text/plain") == true)
        }
    }

    @Test func aHeadThatNeverEndsTimesOutAsAProblem() async throws {
        try await withServer(configuration(), responder: smallBodies) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /api/v1/slow HTTP/1.1\r\nHost: t\r\n")
            let response = try client.readResponse()
            #expect(response.statusCode == 408)
            #expect(response.header("Content-Type") == "application/problem+json")
        }
    }

    @Test func aBodyThatStallsTimesOutAsAProblem() async throws {
        let responder = ClosureResponder { _ in .text("ok") }
        try await withServer(configuration(), responder: responder) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST /api/v1/slow HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nab")
            let response = try client.readResponse()
            #expect(response.statusCode == 408)
            #expect(response.header("Content-Type") == "application/problem+json")
        }
    }

    @Test func saturatedWorkersAnswerAProblemWithRetryAfter() async throws {
        var configuration = configuration()
        configuration.workerCount = 1
        configuration.queueDepth = 0
        let gate = Gate()
        let responder = ClosureResponder { request in
            if request.path == "/block" { gate.pass() }
            return .text("done")
        }
        try await withServer(configuration, responder: responder) { _, port in
            let blocked = try RawClient(port: port)
            try blocked.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(gate.waitForArrivals(1))
            let refused = try answer("GET /api/v1/cycles HTTP/1.1\r\nHost: t\r\n\r\n", port: port)
            #expect(refused.statusCode == 503)
            #expect(refused.header("Retry-After") == "1")
            #expect(refused.header("Content-Type") == "application/problem+json")
            let page = try answer("GET /page HTTP/1.1\r\nHost: t\r\n\r\n", port: port)
            #expect(page.statusCode == 503)
            #expect(page.header("Content-Type")?.hasPrefix("text/plain") == true)
            gate.open()
            #expect(try blocked.readResponse().text == "done")
        }
    }

    @Test func theStandInHeadCarriesTheMethodAndTheTargetAsFarAsItArrived() {
        func head(_ text: String) -> RequestHead {
            Array(text.utf8).withUnsafeBytes { UnparsedRequestLine.head(from: $0) }
        }
        #expect(head("\r\nPOST /api/v1/x?y=1 HTT").path == "/api/v1/x")
        #expect(head("\r\nPOST /api/v1/x?y=1 HTT").method == .post)
        #expect(head("GET /api/v1/partial").path == "/api/v1/partial")
        #expect(head("GET").path == "/")
        #expect(head("").path == "/")
        #expect(head("GET " + String(repeating: "a", count: 5000)).target.utf8.count == UnparsedRequestLine.maxTargetBytes)
    }
}
