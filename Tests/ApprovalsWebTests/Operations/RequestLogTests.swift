import ApprovalsWeb
import Foundation
import HTTPServer
import Testing

@Suite("One JSON log line per request")
struct RequestLogTests {
    @Test("the line has the request id, identity, route pattern, status, bytes and duration, and no raw path or query")
    func jsonLine() throws {
        let fixture = try OperationsFixture(routes: { router in
            router.get("/submissions/:reference") { request in
                request.storage[AccessLogIdentity.self]?.record("user:42")
                return .text("hello")
            }
        })
        let response = try fixture.get("/submissions/SUB-T25-0001?token=s3cret", headers: ["X-Request-Id": "abc-123"])
        #expect(response.status.code == 200)
        let requestLines = fixture.lines.all.filter { $0.contains("\"message\":\"request\"") }
        #expect(requestLines.count == 1)
        let line = try #require(requestLines.first)
        #expect(!line.contains("\n"))
        #expect(!line.contains("SUB-T25-0001"))
        #expect(!line.contains("s3cret"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["request_id"] as? String == "abc-123")
        #expect(object["identity"] as? String == "user:42")
        #expect(object["route"] as? String == "/submissions/:reference")
        #expect(object["method"] as? String == "GET")
        #expect(object["status"] as? Int == 200)
        #expect(object["bytes"] as? Int == 5)
        #expect(object["duration_ms"] is Double || object["duration_ms"] is Int)
        #expect(object["level"] as? String == "info")
        #expect((object["time"] as? String)?.hasSuffix("Z") == true)
    }

    @Test("an unmatched path is logged as unmatched with its error status, without an identity")
    func unmatched() throws {
        let fixture = try OperationsFixture()
        let response = try fixture.get("/no/such/page")
        #expect(response.status.code == 404)
        let line = try #require(fixture.lines.all.last { $0.contains("\"message\":\"request\"") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["route"] as? String == "unmatched")
        #expect(object["status"] as? Int == 404)
        #expect(object["identity"] == nil)
        #expect(!line.contains("/no/such/page"))
    }
}
