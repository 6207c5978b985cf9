import Foundation
import Testing
@testable import HTTPServer

/// Small files answered from memory, and what happens when a file changes or goes.
@Suite struct StaticFileCacheTests {
    let css = Array("body { color: #0b0c0c; }\n".utf8)

    func body(_ response: HTTPResponse) -> [UInt8]? {
        if case .bytes(let bytes) = response.body { return bytes }
        return nil
    }

    @Test func aSmallFileIsAnsweredFromMemoryWithTheSameHeadAsFromDisk() throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        let memory = try RouterHarness.run(try folder.router(cachedBytes: 64 * 1024), .get, "/assets/app.css").response
        let disk = try RouterHarness.run(try folder.router(), .get, "/assets/app.css").response
        #expect(body(memory) == css)
        for name in ["ETag", "Last-Modified", "Content-Type", "Cache-Control", "Accept-Ranges", "X-Content-Type-Options"] {
            #expect(memory.headers[name] == disk.headers[name], "\(name)")
        }
        let router = try folder.router(cachedBytes: 64 * 1024)
        _ = try RouterHarness.run(router, .get, "/assets/app.css")
        let again = try RouterHarness.run(router, .get, "/assets/app.css").response
        #expect(body(again) == css && again.headers["ETag"] == memory.headers["ETag"])
    }

    @Test func rangesAnd304WorkFromMemory() throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        let router = try folder.router(cachedBytes: 64 * 1024)
        let partial = try RouterHarness.run(router, .get, "/assets/app.css", headers: ["Range": "bytes=-4"]).response
        #expect(partial.status == .partialContent)
        #expect(partial.headers["Content-Range"] == "bytes 21-24/25")
        #expect(body(partial) == Array(css[21..<25]))
        let tag = try #require(partial.headers["ETag"])
        let unchanged = try RouterHarness.run(router, .get, "/assets/app.css", headers: ["If-None-Match": tag]).response
        #expect(unchanged.status == .notModified && body(unchanged) == nil)
        let outside = try RouterHarness.run(router, .get, "/assets/app.css", headers: ["Range": "bytes=100-"]).response
        #expect(outside.status == .rangeNotSatisfiable)
    }

    @Test func aChangedFileIsServedAfreshOnceRevalidated() throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        let router = try folder.router(cachedBytes: 64 * 1024, revalidation: .zero)
        let before = try RouterHarness.run(router, .get, "/assets/app.css").response
        let changed = Array("main { margin: 0; padding: 0 1rem; }\n".utf8)
        // Replaced the way deployments do it: a new file renamed over the old one (a new inode).
        let temporary = folder.root + "/assets/.app.css.new"
        try Data(changed).write(to: URL(fileURLWithPath: temporary))
        #expect(rename(temporary, folder.root + "/assets/app.css") == 0)
        let after = try RouterHarness.run(router, .get, "/assets/app.css").response
        #expect(body(after) == changed)
        #expect(after.headers["ETag"] != before.headers["ETag"])
        let stale = try RouterHarness.run(router, .get, "/assets/app.css", headers: ["If-None-Match": before.headers["ETag"] ?? ""]).response
        #expect(stale.status == .ok, "the old tag no longer matches")
        try FileManager.default.removeItem(atPath: folder.root + "/assets/app.css")
        #expect(try RouterHarness.run(router, .get, "/assets/app.css").response.status == .notFound)
    }

    @Test func withinTheIntervalTheAnswerIsTheSnapshotTakenTogether() throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        let router = try folder.router(cachedBytes: 64 * 1024, revalidation: .seconds(3600))
        let first = try RouterHarness.run(router, .get, "/assets/app.css").response
        try Data("changed\n".utf8).write(to: URL(fileURLWithPath: folder.root + "/assets/app.css"))
        let second = try RouterHarness.run(router, .get, "/assets/app.css").response
        // Bytes and validators still agree with each other: never new bytes under an old ETag.
        #expect(body(second) == css && second.headers["ETag"] == first.headers["ETag"])
    }

    @Test func largerFilesAreSentFromDiskAndTraversalIsStillRefused() throws {
        let folder = try PublicFolder()
        defer { folder.remove() }
        let router = try folder.router(cachedBytes: 8)
        let response = try RouterHarness.run(router, .get, "/assets/app.css").response
        guard case .file(let region) = response.body else {
            Issue.record("expected a file body")
            return
        }
        #expect(region.range == 0..<25)
        let cached = try folder.router(cachedBytes: 64 * 1024)
        for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/.env", "/link-out", "/dir-out/secret.txt"] {
            #expect(try RouterHarness.run(cached, .get, path).response.status != .ok, "\(path)")
        }
    }
}
