import Foundation
import Testing
@testable import HTTPServer

/// Notes its name on the way in and out, to show the order.
struct Tracing: Middleware {
    var name: String
    func handle(_ request: HTTPRequest, next: (HTTPRequest) throws -> HTTPResponse) throws -> HTTPResponse {
        var request = request
        request.head.headers.add("X-Trace-In", name)
        var response = try next(request)
        response.headers.add("X-Trace-Out", name)
        return response
    }
}

struct InternalDatabaseFailure: Error, CustomStringConvertible {
    var description: String { "SQLITE_CORRUPT at /var/lib/approvals/secret.sqlite" }
}

@Suite struct MiddlewareTests {
    @Test func runsInOrderFirstAddedOutermost() throws {
        var router = Router()
        router.use(Tracing(name: "a"))
        router.use(Tracing(name: "b"))
        router.get("/") { request in .text(request.headers.values("X-Trace-In").joined(separator: ",")) }
        let response = try RouterHarness.run(router, .get, "/").response
        #expect(response.bodyText == "a,b")
        #expect(response.headers.values("X-Trace-Out") == ["b", "a"])
    }

    @Test func middlewareSeesNotFoundAndMethodNotAllowed() throws {
        var router = Router()
        router.use(Tracing(name: "outer"))
        router.use(ErrorMiddleware(logger: LogRecorder().logger()))
        router.get("/x") { _ in .text("") }
        let missing = try RouterHarness.run(router, .get, "/nope").response
        #expect(missing.status == .notFound && missing.headers["X-Trace-Out"] == "outer")
        let wrongMethod = try RouterHarness.run(router, .post, "/x").response
        #expect(wrongMethod.status == .methodNotAllowed && wrongMethod.headers["Allow"] == "GET, HEAD")
    }

    @Test func securityHeadersOnEveryResponseIncludingErrors() throws {
        var router = Router()
        router.use(SecurityHeadersMiddleware())
        router.use(ErrorMiddleware(logger: LogRecorder().logger()))
        router.get("/ok") { _ in .html("<p>hi</p>") }
        router.get("/boom") { _ in throw InternalDatabaseFailure() }
        router.get("/teapot") { _ in throw HTTPError(HTTPStatus(code: 418), "No coffee here.") }
        router.get("/own-csp") { _ in
            HTTPResponse(status: .ok, headers: ["Content-Security-Policy": "default-src 'none'"])
        }
        for target in ["/ok", "/boom", "/teapot", "/missing"] {
            let response = try RouterHarness.run(router, .get, target).response
            let csp = try #require(response.headers["Content-Security-Policy"], "\(target)")
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"))
            #expect(response.headers["X-Content-Type-Options"] == "nosniff")
            #expect(response.headers["X-Frame-Options"] == "DENY")
            #expect(response.headers["Referrer-Policy"] == "same-origin")
        }
        // A 405 from the router too.
        #expect(try RouterHarness.run(router, .delete, "/ok").response.headers["X-Frame-Options"] == "DENY")
        // Even without an error middleware, errors thrown inside still get the fields.
        var bare = Router()
        bare.use(SecurityHeadersMiddleware())
        bare.get("/boom") { _ in throw InternalDatabaseFailure() }
        let response = try RouterHarness.run(bare, .get, "/boom").response
        #expect(response.status == .internalServerError && response.headers["X-Content-Type-Options"] == "nosniff")
        #expect(try RouterHarness.run(router, .get, "/own-csp").response.headers.values("Content-Security-Policy") == [
            "default-src 'none'"
        ])
    }

    @Test func errorsWithAStatusBecomeThatResponseOthersA500WithoutDetail() throws {
        let recorder = LogRecorder()
        var router = Router()
        router.use(RequestIDMiddleware())
        router.use(ErrorMiddleware(logger: recorder.logger()))
        router.get("/boom") { _ in throw InternalDatabaseFailure() }
        router.get("/teapot") { _ in throw HTTPError(HTTPStatus(code: 418), "No coffee here.") }
        let teapot = try RouterHarness.run(router, .get, "/teapot").response
        #expect(teapot.status.code == 418 && teapot.bodyText == "No coffee here.\n")
        let boom = try RouterHarness.run(router, .get, "/boom").response
        #expect(boom.status == .internalServerError)
        #expect(!boom.bodyText.contains("SQLITE") && !boom.bodyText.contains("/var/lib"))
        let logged = try #require(recorder.records.first { $0.level == .error })
        #expect(logged.metadata["error"]?.contains("SQLITE_CORRUPT") == true)
        #expect(logged.metadata["request_id"] == boom.headers["X-Request-Id"])
        #expect(logged.metadata["route"] == "/boom")
    }

    @Test func customRendererGivesProblemJSONForTheAPIAndHTMLElsewhere() throws {
        var router = Router()
        router.use(RequestIDMiddleware())
        let renderer = ErrorRenderer.choosing { request in
            request.path.hasPrefix("/api/")
                ? .problemJSON
                : ErrorRenderer { failure, _ in .html("<h1>\(failure.status.code)</h1>", status: failure.status) }
        }
        router.use(ErrorMiddleware(logger: LogRecorder().logger(), renderer: renderer))
        router.get("/api/v1/things/:id") { _ in throw HTTPError(.notFound, "No such thing.") }
        let api = try RouterHarness.run(router, .get, "/api/v1/things/7", headers: ["X-Request-Id": "req-42"]).response
        #expect(api.status == .notFound)
        #expect(api.headers["Content-Type"] == "application/problem+json")
        let json = try JSONSerialization.jsonObject(with: Data(api.bodyText.utf8)) as? [String: Any]
        #expect(json?["status"] as? Int == 404)
        #expect(json?["title"] as? String == "Not Found")
        #expect(json?["detail"] as? String == "No such thing.")
        #expect(json?["requestId"] as? String == "req-42")
        let page = try RouterHarness.run(router, .get, "/elsewhere").response
        #expect(page.headers["Content-Type"] == "text/html; charset=utf-8" && page.bodyText == "<h1>404</h1>")
    }

    @Test func requestIDAcceptsSaneIncomingAndReplacesTheRest() throws {
        var router = Router()
        router.use(RequestIDMiddleware())
        router.get("/") { request in .text(request.requestID) }
        let kept = try RouterHarness.run(router, .get, "/", headers: ["X-Request-Id": "abc-123_x.y:z@w"]).response
        #expect(kept.bodyText == "abc-123_x.y:z@w" && kept.headers["X-Request-Id"] == "abc-123_x.y:z@w")
        for bad in ["has space", String(repeating: "a", count: 129), "new\u{1}line", ""] {
            let replaced = try RouterHarness.run(router, .get, "/", headers: ["X-Request-Id": bad]).response
            #expect(replaced.bodyText != bad)
            #expect(replaced.bodyText.count == 32 && replaced.headers["X-Request-Id"] == replaced.bodyText)
        }
        let first = try RouterHarness.run(router, .get, "/").response.bodyText
        let second = try RouterHarness.run(router, .get, "/").response.bodyText
        #expect(first != second)
    }

    @Test func accessLogWritesOneLineWithoutPathValuesOrQuery() throws {
        let recorder = LogRecorder()
        var router = Router()
        router.use(RequestIDMiddleware())
        router.use(AccessLogMiddleware(logger: recorder.logger()))
        router.use(ErrorMiddleware(logger: LogRecorder().logger()))
        router.get("/submissions/:reference") { _ in .text("12345") }
        let response = try RouterHarness.run(
            router, .get, "/submissions/TQ-SECRET?token=hunter2", headers: ["X-Request-Id": "r1"]
        ).response
        #expect(response.status == .ok)
        _ = try RouterHarness.run(router, .get, "/private/path?token=hunter2")
        let records = recorder.records
        #expect(records.count == 2)
        let line = records[0]
        #expect(line.level == .info)
        #expect(line.message == "GET /submissions/:reference 200")
        #expect(line.metadata["request_id"] == "r1")
        #expect(line.metadata["method"] == "GET")
        #expect(line.metadata["route"] == "/submissions/:reference")
        #expect(line.metadata["status"] == "200")
        #expect(line.metadata["bytes"] == "5")
        #expect(line.metadata["duration_ms"].flatMap(Double.init) != nil)
        #expect(records[1].message == "GET unmatched 404")
        for record in records {
            let text = record.message + record.metadata.values.joined()
            #expect(!text.contains("SECRET") && !text.contains("hunter2") && !text.contains("private"))
        }
    }
}
