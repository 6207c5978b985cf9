import Foundation
import Testing
@testable import HTTPServer

/// A Public/ folder in a temporary directory, with a secret beside it and links that point out.
struct PublicFolder {
    let base: String
    var root: String { base + "/Public" }

    init() throws {
        base = NSTemporaryDirectory() + "static-tests-" + UUID().uuidString
        let files = FileManager.default
        try files.createDirectory(atPath: base + "/Public/assets/fonts", withIntermediateDirectories: true)
        try files.createDirectory(atPath: base + "/outside", withIntermediateDirectories: true)
        try Data("body { color: #0b0c0c; }\n".utf8).write(to: URL(fileURLWithPath: root + "/assets/app.css"))
        try Data("User-agent: *\n".utf8).write(to: URL(fileURLWithPath: root + "/robots.txt"))
        try Data([0x77, 0x4F, 0x46, 0x32]).write(to: URL(fileURLWithPath: root + "/assets/fonts/x.woff2"))
        try Data("SECRET=1\n".utf8).write(to: URL(fileURLWithPath: root + "/.env"))
        try files.createDirectory(atPath: root + "/.well-known", withIntermediateDirectories: true)
        try Data("Contact: mailto:security@example.gov.uk\n".utf8).write(
            to: URL(fileURLWithPath: root + "/.well-known/security.txt"))
        try files.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
        try Data("[core]\n".utf8).write(to: URL(fileURLWithPath: root + "/.git/config"))
        try Data("top secret\n".utf8).write(to: URL(fileURLWithPath: base + "/secret.txt"))
        try Data("also secret\n".utf8).write(to: URL(fileURLWithPath: base + "/outside/secret.txt"))
        try files.createSymbolicLink(atPath: root + "/link-out", withDestinationPath: base + "/secret.txt")
        try files.createSymbolicLink(atPath: root + "/dir-out", withDestinationPath: base + "/outside")
        try files.createSymbolicLink(atPath: root + "/link-in.css", withDestinationPath: root + "/assets/app.css")
    }

    func remove() { try? FileManager.default.removeItem(atPath: base) }

    /// By default every file is sent from disk (`sendfile`), as larger files are; `cachedBytes` lets
    /// small files be answered from memory.
    func router(cachedBytes: Int = 0, revalidation: Duration = .seconds(1)) throws -> Router {
        var router = Router()
        router.use(SecurityHeadersMiddleware())
        router.staticFiles = try StaticFiles(root: root, revalidationInterval: revalidation, maxCachedFileBytes: cachedBytes)
        return router
    }
}

@Suite struct StaticFilesTests {
    @Test func servesFilesWithTypeValidatorsAndCaching() throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        let router = try folder.router()
        let outcome = try RouterHarness.run(router, .get, "/assets/app.css")
        let response = outcome.response
        #expect(outcome.policy.runsInline)
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "text/css; charset=utf-8")
        #expect(response.headers["Cache-Control"] == "public, max-age=31536000")
        #expect(response.headers["Accept-Ranges"] == "bytes")
        #expect(response.headers["ETag"]?.hasPrefix("\"") == true)
        #expect(response.headers["Last-Modified"].flatMap(IMFFixdate.parse) != nil)
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        guard case .file(let region) = response.body else {
            Issue.record("expected a file body")
            return
        }
        #expect(region.path == (try StaticFiles(root: folder.root)).root + "/assets/app.css")
        #expect(region.range == 0..<25, "the size the validators describe")

        let robots = try RouterHarness.run(router, .get, "/robots.txt").response
        #expect(robots.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(robots.headers["Cache-Control"] == "no-cache")
        #expect(try RouterHarness.run(router, .get, "/assets/fonts/x.woff2").response.headers["Content-Type"] == "font/woff2")
        #expect(try RouterHarness.run(router, .head, "/robots.txt").response.status == .ok)
        #expect(try RouterHarness.run(router, .get, "/link-in.css").response.status == .ok, "links inside the root are fine")
        #expect(try RouterHarness.run(router, .get, "/.well-known/security.txt").response.status == .ok)
    }

    @Test func answers304ByETagAndByDate() throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        let router = try folder.router()
        let first = try RouterHarness.run(router, .get, "/assets/app.css").response
        let tag = try #require(first.headers["ETag"])
        let date = try #require(first.headers["Last-Modified"])

        let byTag = try RouterHarness.run(router, .get, "/assets/app.css", headers: ["If-None-Match": "\"other\", \(tag)"]).response
        #expect(byTag.status == .notModified)
        #expect(byTag.headers["ETag"] == tag)
        guard case .empty = byTag.body else {
            Issue.record("304 must have no body")
            return
        }
        #expect(try RouterHarness.run(router, .get, "/assets/app.css", headers: ["If-None-Match": "W/\(tag)"]).response.status == .notModified)
        #expect(try RouterHarness.run(router, .get, "/assets/app.css", headers: ["If-None-Match": "*"]).response.status == .notModified)
        #expect(try RouterHarness.run(router, .get, "/assets/app.css", headers: ["If-None-Match": "\"other\""]).response.status == .ok)

        #expect(try RouterHarness.run(router, .get, "/assets/app.css", headers: ["If-Modified-Since": date]).response.status == .notModified)
        let earlier = IMFFixdate.format(secondsSince1970: IMFFixdate.parse(date)! - 10)
        #expect(try RouterHarness.run(router, .get, "/assets/app.css", headers: ["If-Modified-Since": earlier]).response.status == .ok)
        // If-None-Match wins over If-Modified-Since when both are sent.
        #expect(
            try RouterHarness.run(
                router, .get, "/assets/app.css", headers: ["If-None-Match": "\"other\"", "If-Modified-Since": date]
            ).response.status == .ok)
        #expect(try RouterHarness.run(router, .get, "/assets/app.css", headers: ["If-Modified-Since": "yesterday"]).response.status == .ok)
    }

    @Test(arguments: [
        ("bytes=0-3", 0..<4),
        ("bytes=5-", 5..<25),
        ("bytes=-4", 21..<25),
        ("bytes=10-1000", 10..<25),
        ("bytes=-1000", 0..<25),
        ("bytes=24-24", 24..<25),
    ])
    func servesSingleRangesWith206(header: String, expected: Range<Int>) throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        let response = try RouterHarness.run(try folder.router(), .get, "/assets/app.css", headers: ["Range": header]).response
        #expect(response.status == .partialContent)
        #expect(response.headers["Content-Range"] == "bytes \(expected.lowerBound)-\(expected.upperBound - 1)/25")
        guard case .file(let region) = response.body else {
            Issue.record("expected a file body")
            return
        }
        #expect(region.range == expected)
    }

    @Test func unsatisfiableRangeIs416AndOthersAreIgnored() throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        let router = try folder.router()
        for header in ["bytes=25-", "bytes=100-200", "bytes=-0"] {
            let response = try RouterHarness.run(router, .get, "/assets/app.css", headers: ["Range": header]).response
            #expect(response.status == .rangeNotSatisfiable, "\(header)")
            #expect(response.headers["Content-Range"] == "bytes */25")
        }
        for header in ["bytes=0-1,5-6", "bytes = 0-1", "items=0-1", "bytes=5-2", "bytes=abc", "bytes=0x10-"] {
            let response = try RouterHarness.run(router, .get, "/assets/app.css", headers: ["Range": header]).response
            #expect(response.status == .ok, "\(header)")
        }
        let tag = try RouterHarness.run(router, .get, "/assets/app.css").response.headers["ETag"]!
        let matching = try RouterHarness.run(router, .get, "/assets/app.css", headers: ["Range": "bytes=0-1", "If-Range": tag])
        #expect(matching.response.status == .partialContent)
        let stale = try RouterHarness.run(router, .get, "/assets/app.css", headers: ["Range": "bytes=0-1", "If-Range": "\"old\""])
        #expect(stale.response.status == .ok)
    }

    @Test(arguments: [
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/assets/../robots.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/assets%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/robots.txt%00.css",
        "/%c0%ae%c0%ae/secret.txt",
        "/link-out",
        "/dir-out/secret.txt",
        "/.env",
        "/%2eenv",
        "/.git/config",
        "/.well-known/../.env",
        "/assets",
        "/assets/",
        "//etc/passwd",
        "/missing.css",
    ])
    func refusesEverythingOutsideTheRoot(target: String) throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        let response = try RouterHarness.run(try folder.router(), .get, target).response
        #expect(response.status == .notFound || response.status == .badRequest, "\(target) gave \(response.status)")
        if case .file = response.body { Issue.record("\(target) served a file") }
        #expect(response.headers["X-Frame-Options"] == "DENY")
    }

    @Test func rootMustBeADirectory() {
        #expect(throws: StaticFiles.ConfigurationError.rootNotADirectory("/no/such/dir")) {
            try StaticFiles(root: "/no/such/dir")
        }
    }

    @Test func routesWinOverFilesAndOtherMethodsAreNotFound() throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        var router = try folder.router()
        router.get("/robots.txt") { _ in .text("from a route") }
        #expect(try RouterHarness.run(router, .get, "/robots.txt").response.bodyText == "from a route")
        #expect(try RouterHarness.run(router, .post, "/assets/app.css").response.status == .notFound)
    }
}
