import Foundation
import Testing
@testable import HTTPServer

@Suite struct RouterTests {
    func makeRouter() -> Router {
        var router = Router()
        router.get("/healthz", inline: true) { _ in .text("ok") }
        router.get("/submissions/:reference/versions/:version") { request in
            .text("\(request.parameters["reference"]!) v\(request.parameters["version"]!)")
        }
        router.get("/submissions/new") { _ in .text("new form") }
        router.get("/submissions/:reference") { request in .text("show \(request.parameters["reference"]!)") }
        router.post("/submissions/:reference") { request in .text("update \(request.parameters["reference"]!)") }
        router.delete("/submissions/:reference") { _ in HTTPResponse(status: .noContent) }
        router.get("/downloads/*path") { request in .text("file \(request.parameters["path"]!)") }
        router.get("/") { _ in .text("home") }
        return router
    }

    @Test(arguments: [
        ("/healthz", "ok"),
        ("/", "home"),
        ("/submissions/TQ-0001", "show TQ-0001"),
        ("/submissions/new", "new form"),
        ("/submissions/TQ-0001/versions/3", "TQ-0001 v3"),
        ("/submissions/TQ%200001/", "show TQ 0001"),
        ("/submissions/a%2Fb", "show a/b"),
        ("/submissions/%C3%A9", "show é"),
        ("/downloads/a/b/c.pdf", "file a/b/c.pdf"),
        ("/downloads", "file "),
        ("/healthz?probe=1", "ok"),
    ])
    func matchesRoutes(target: String, expected: String) throws {
        let outcome = try RouterHarness.run(makeRouter(), .get, target)
        #expect(outcome.response.status == .ok)
        #expect(outcome.response.bodyText == expected)
    }

    @Test func recordsMatchedPatternForLogs() throws {
        var router = Router()
        router.get("/submissions/:reference") { request in
            .text(request.storage[MatchedRoutePattern.self] ?? "none")
        }
        #expect(try RouterHarness.run(router, .get, "/submissions/SECRET").response.bodyText == "/submissions/:reference")
    }

    @Test(arguments: ["/nothing", "/submissions/a/b", "/submissions/a/versions", "/healthz/more"])
    func answers404WhenNoPathMatches(target: String) throws {
        let response = try RouterHarness.run(makeRouter(), .get, target).response
        #expect(response.status == .notFound)
        #expect(response.headers["Allow"] == nil)
    }

    @Test func answers405WithAllowWhenOnlyTheMethodIsWrong() throws {
        let response = try RouterHarness.run(makeRouter(), .put, "/submissions/X").response
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "DELETE, GET, HEAD, POST")
        let health = try RouterHarness.run(makeRouter(), .post, "/healthz").response
        #expect(health.status == .methodNotAllowed)
        #expect(health.headers["Allow"] == "GET, HEAD")
    }

    @Test func headIsServedByGet() throws {
        let outcome = try RouterHarness.run(makeRouter(), .head, "/submissions/X")
        #expect(outcome.response.status == .ok)
        #expect(outcome.response.bodyText == "show X")  // the server, not the router, drops the body
    }

    @Test(arguments: [
        "/submissions/%zz", "/submissions/%00", "/submissions/%FF", "/a%", "/submissions/%2e%2e", "/submissions/..",
        "/submissions/.", "/downloads/a/%2E%2E/b",
    ])
    func answers400ForBadlyEncodedPaths(target: String) throws {
        #expect(try RouterHarness.run(makeRouter(), .get, target).response.status == .badRequest)
    }

    @Test func bodyPolicyIsDecidedFromTheHeadAlone() throws {
        var router = Router()
        router.get("/fast", inline: true) { _ in .text("") }
        router.post("/upload", body: .multipart(maxBytes: 5_000)) { _ in .text("") }
        router.post("/note", body: .standard(maxBytes: 100)) { _ in .text("") }
        let fast = router.bodyPolicy(for: RequestHead(method: .get, target: "/fast"))
        #expect(fast.runsInline && fast.maxBodyBytes == 0)
        #expect(router.bodyPolicy(for: RequestHead(method: .head, target: "/fast")).runsInline)
        let upload = router.bodyPolicy(for: RequestHead(method: .post, target: "/upload"))
        #expect(!upload.runsInline && upload.maxBodyBytes == 5_000)
        #expect(router.bodyPolicy(for: RequestHead(method: .post, target: "/note")).maxBodyBytes == 100)
        #expect(router.bodyPolicy(for: RequestHead(method: .post, target: "/unknown")).maxBodyBytes == 64 * 1024)
        // The multipart sink refuses a request without a multipart Content-Type before any body.
        #expect(throws: MultipartError.notFormData) {
            try upload.makeSink(RequestHead(method: .post, target: "/upload", headers: ["Content-Type": "text/plain"]))
        }
    }

    @Test func multipartRouteGivesParsedFormToHandler() throws {
        var router = Router()
        router.post("/upload", body: .multipart()) { request in
            let form = try request.multipartForm()
            let file = try #require(form.file("evidence"))
            let content = try String(contentsOfFile: file.temporaryPath, encoding: .isoLatin1)
            return .text("\(form.fields["title"]!)|\(file.filename!)|\(file.size)|\(content)")
        }
        let outcome = try RouterHarness.run(
            router, .post, "/upload",
            headers: ["Content-Type": "multipart/form-data; boundary=\"\(MultipartFixture.boundary)\""],
            body: MultipartFixture.simpleForm, chunk: 5)
        #expect(outcome.response.bodyText == "Level 3 Digital Production|spec.pdf|17|%PDF-1.7 binary\u{1}\u{2}")
    }

    @Test func multipartFormOnAnotherRouteIsA400() throws {
        var router = Router()
        router.post("/plain") { request in
            _ = try request.multipartForm()
            return .text("unreachable")
        }
        #expect(try RouterHarness.run(router, .post, "/plain", body: [1, 2, 3]).response.status == .badRequest)
    }

    @Test func readsUrlEncodedFormQueryAndCookies() throws {
        var router = Router()
        router.post("/search") { request in
            let form = try request.formFields()
            let query = try request.queryParameters()
            return .text("\(form.values("ksb"))|\(query["page"] ?? "-")|\(request.cookies["theme"] ?? "-")")
        }
        let outcome = try RouterHarness.run(
            router, .post, "/search?page=2&x=%20",
            headers: ["Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", "Cookie": "theme=dark"],
            body: Array("ksb=K1&ksb=S%202".utf8))
        #expect(outcome.response.bodyText == "[\"K1\", \"S 2\"]|2|dark")
        let wrongType = try RouterHarness.run(
            router, .post, "/search", headers: ["Content-Type": "text/plain"], body: Array("a=1".utf8))
        #expect(wrongType.response.status == .unsupportedMediaType)
        let badQuery = try RouterHarness.run(
            router, .post, "/search?q=%zz", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Array("a=1".utf8))
        #expect(badQuery.response.status == .badRequest)
    }
}

@Suite struct RespondWithoutSocketTests {
    @Test func refusesOversizedAndMalformedBodiesAsTheServerWould() throws {
        var router = Router()
        router.post("/note", body: .standard(maxBytes: 4)) { request in .text("\(request.body.count)") }
        router.post("/upload", body: .multipart()) { _ in .text("unreachable") }
        #expect(try router.respond(withoutSocket: .post, "/note", body: [1, 2, 3]).bodyText == "3")
        #expect(try router.respond(withoutSocket: .post, "/note", body: [1, 2, 3, 4, 5]).status == .contentTooLarge)
        let malformed = try router.respond(
            withoutSocket: .post, "/upload", headers: ["Content-Type": "multipart/form-data; boundary=B"],
            body: Array("--B\r\nno disposition\r\n\r\nx\r\n--B--".utf8))
        #expect(malformed.status == .badRequest)
        let tooMany = try router.respond(
            withoutSocket: .post, "/upload", headers: ["Content-Type": "multipart/form-data; boundary=B"],
            body: Array((String(repeating: "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n", count: 101) + "--B--").utf8))
        #expect(tooMany.status == .contentTooLarge)
    }
}
