import Foundation
import Glibc
import Testing
@testable import HTTPServer

/// What the suites that write upload files by hand share: random content, its SHA-256 computed
/// without the code under test, and new files made without it.
protocol UploadFileTesting {}

extension UploadFileTesting {
    func content(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(state: seed)
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    func sha256(_ bytes: [UInt8]) throws -> String {
        let hasher = try SHA256Process()
        try hasher.write(bytes)
        return try hasher.digest()
    }

    /// A new file at `path`, open for writing, made without the code under test.
    func createdFile(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        try #require(descriptor >= 0)
        return descriptor
    }

    /// Runs `body` with a new empty file in a folder of its own (its path, and a descriptor open for
    /// writing), both removed afterwards.
    func withNewFile(_ body: (_ path: String, _ descriptor: Int32) throws -> Void) throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/file"
        let descriptor = try createdFile(path)
        defer { close(descriptor) }
        try body(path, descriptor)
    }

    /// A started pool for a `DirectWriteQueue`'s writers or storers; the caller stops it.
    func startedPool(threads: Int, queueDepth: Int = 64, name: String) -> WorkerPool {
        let pool = WorkerPool(threads: threads, queueDepth: queueDepth, name: name)
        pool.start()
        return pool
    }
}
