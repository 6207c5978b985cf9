import Foundation
import Testing
@testable import HTTPServer

/// The default sink: memory up to its limit, a temporary file beyond, nothing left behind on abort.
@Suite struct SpoolingBodySinkTests {
    func write(_ bytes: [UInt8], to sink: SpoolingBodySink) throws {
        try bytes.withUnsafeBytes { try sink.write($0) }
    }

    @Test func smallBodiesStayInMemory() throws {
        let sink = SpoolingBodySink(memoryLimit: 10)
        try write(Array("hello".utf8), to: sink)
        try write(Array("world".utf8), to: sink)
        let body = try sink.finish()
        guard case .bytes(let bytes) = body.content else {
            Issue.record("expected bytes, got \(body.content)")
            return
        }
        #expect(bytes == Array("helloworld".utf8))
        #expect(body.temporaryFiles.isEmpty)
    }

    @Test func largerBodiesSpillToAFileReadableInChunks() throws {
        let sink = SpoolingBodySink(memoryLimit: 4)
        try write(Array("abc".utf8), to: sink)
        try write(Array("defgh".utf8), to: sink)
        let body = try sink.finish()
        guard case .file(let path, let count) = body.content else {
            Issue.record("expected a file, got \(body.content)")
            return
        }
        #expect(count == 8)
        #expect(body.temporaryFiles == [path])
        let reader = try body.makeReader(chunkSize: 3)
        var chunks: [[UInt8]] = []
        while let chunk = try reader.next() { chunks.append(chunk) }
        #expect(chunks.map { String(decoding: $0, as: UTF8.self) } == ["abc", "def", "gh"])
        #expect(throws: HTTPError.self) { try body.collect(upTo: 7) }
        body.removeTemporaryFiles()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func abortRemovesTheSpooledFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sink-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sink = SpoolingBodySink(memoryLimit: 0, directory: directory)
        try write([1, 2, 3], to: sink)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count == 1)
        sink.abort()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func memoryBodiesReadInChunksToo() throws {
        let reader = try RequestBody.bytes(Array("abcdefg".utf8)).makeReader(chunkSize: 4)
        #expect(try reader.next() == Array("abcd".utf8))
        #expect(try reader.next() == Array("efg".utf8))
        #expect(try reader.next() == nil)
        #expect(try RequestBody.empty.makeReader().next() == nil)
    }
}
