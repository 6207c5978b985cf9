import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The application's skeleton over real sockets: the health check, the start page, the stylesheet from
/// Public/, and error answers that suit who is asking, every one with the security headers.
@Suite struct WebApplicationTests {
    @Test func healthCheckAnswersOkAndIsNeverCached() async throws {
        let service = try RunningService()
        let (response, body) = try await service.send("/healthz")
        #expect(response.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == "ok")
        #expect(response.value(forHTTPHeaderField: "Cache-Control") == "no-store")
        Self.expectSecurityHeaders(response)
    }

    @Test func startPageIsHTMLInTheLayout() async throws {
        let service = try RunningService()
        let (response, body) = try await service.send("/")
        let html = String(decoding: body, as: UTF8.self)
        #expect(response.statusCode == 200)
        #expect(response.value(forHTTPHeaderField: "Content-Type") == "text/html; charset=utf-8")
        #expect(html.contains("<html lang=\"en-GB\">"))
        #expect(html.contains("href=\"#main-content\" class=\"skip-link\""))
        #expect(html.contains("<h1>Approvals of technical qualifications</h1>"))
        Self.expectSecurityHeaders(response)
    }

    @Test func stylesheetIsServedFromPublicAndRevalidates() async throws {
        let service = try RunningService()
        let (response, body) = try await service.send("/assets/app.css")
        #expect(response.statusCode == 200)
        #expect(response.value(forHTTPHeaderField: "Content-Type") == "text/css; charset=utf-8")
        #expect(String(decoding: body, as: UTF8.self).contains("--focus"))
        let etag = try #require(response.value(forHTTPHeaderField: "ETag"))
        let (again, empty) = try await service.send("/assets/app.css", headers: ["If-None-Match": etag])
        #expect(again.statusCode == 304)
        #expect(empty.isEmpty)
    }

    @Test func unknownPageGivesTheServicesOwnNotFoundPage() async throws {
        let service = try RunningService()
        let (response, body) = try await service.send("/no/such/page")
        let html = String(decoding: body, as: UTF8.self)
        #expect(response.statusCode == 404)
        #expect(html.contains("<h1>Page not found</h1>"))
        let requestID = try #require(response.value(forHTTPHeaderField: "X-Request-Id"))
        #expect(html.contains(requestID))
        Self.expectSecurityHeaders(response)
    }

    @Test func unknownAPIPathGivesAProblemDocument() async throws {
        let service = try RunningService()
        let (response, body) = try await service.send("/api/v1/nothing-here")
        #expect(response.statusCode == 404)
        #expect(response.value(forHTTPHeaderField: "Content-Type") == "application/problem+json")
        let problem = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        #expect(problem?["status"] as? Int == 404)
        #expect(problem?["title"] as? String == "Not Found")
        Self.expectSecurityHeaders(response)
    }

    @Test func wrongMethodNamesTheAllowedOnes() async throws {
        let service = try RunningService()
        let (response, _) = try await service.send("/healthz", method: "POST", body: Data())
        #expect(response.statusCode == 405)
        #expect(response.value(forHTTPHeaderField: "Allow") == "GET, HEAD")
        Self.expectSecurityHeaders(response)
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        "GET /\(String(repeating: "a", count: 20_000)) HTTP/1.1\r\nHost: a\r\n\r\n",
    ])
    func requestsTheServerRefusesItselfStillCarryTheSecurityHeaders(request: String) throws {
        let service = try RunningService()
        let answer = try service.sendRaw(request)
        #expect(answer.hasPrefix("HTTP/1.1 4"))
        #expect(answer.contains("\r\nContent-Security-Policy: default-src 'self';"))
        #expect(answer.contains("\r\nX-Content-Type-Options: nosniff\r\n"))
        #expect(answer.contains("\r\nConnection: close\r\n"))
    }

    static func expectSecurityHeaders(_ response: HTTPURLResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        let csp = response.value(forHTTPHeaderField: "Content-Security-Policy") ?? ""
        #expect(csp.contains("frame-ancestors 'none'"), sourceLocation: sourceLocation)
        #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), sourceLocation: sourceLocation)
        #expect(response.value(forHTTPHeaderField: "X-Content-Type-Options") == "nosniff", sourceLocation: sourceLocation)
        #expect(response.value(forHTTPHeaderField: "Referrer-Policy") != nil, sourceLocation: sourceLocation)
    }
}
