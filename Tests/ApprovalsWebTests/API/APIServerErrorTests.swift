import Foundation
import Testing
@testable import ApprovalsWeb

/// Errors the HTTP server answers itself, before routing, are problem+json for API targets too
/// (issue 7: every 4xx and 5xx under /api/), and stay plain text for pages.
@Suite struct APIServerErrorTests {
    func answer(_ service: APIService, _ request: String) throws -> WebClient.Response {
        try WebClient.parse(try WebClient.exchange(port: UInt16(service.server.port!), Array(request.utf8)))
    }

    @Test(arguments: [
        ("GET /api/v1/cycles HTTP/1.1\r\nHost: t\r\nBad Field: x\r\n\r\n", 400),
        ("GET /%61pi/v1/cycles HTTP/1.1\r\nHost: t\r\nHost: u\r\n\r\n", 400),
        ("GET /api/v1/cycles HTTP/1.1\r\nHost: t\r\nContent-Length: 999999999\r\n\r\n", 413),
        ("GET /api/v1/" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414),
        ("GET /api/v1/cycles HTTP/3.0\r\nHost: t\r\n\r\n", 505),
        ("GET http://t/api/v1/cycles HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
    ])
    func refusedBeforeRoutingIsStillAProblem(request: String, status: Int) throws {
        let service = try APIService()
        let response = try answer(service, request)
        #expect(response.status == status)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.header("X-Content-Type-Options") == "nosniff", "the security headers come too")
        let problem = try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
        #expect(problem["status"] as? Int == status)
        #expect(problem["title"] is String && problem["detail"] is String && problem["type"] is String)
    }

    @Test func pagesKeepPlainTextRefusals() throws {
        let service = try APIService()
        let response = try answer(service, "GET /users HTTP/3.0\r\nHost: t\r\n\r\n")
        #expect(response.status == 505)
        #expect(response.header("Content-Type")?.hasPrefix("text/plain") == true)
    }
}
