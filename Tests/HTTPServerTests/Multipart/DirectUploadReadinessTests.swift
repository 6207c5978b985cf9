import ContentHash
import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing
@testable import HTTPServer

/// While an upload's previous buffer is still being hashed and written, a full next buffer holds the
/// event loop off (`isReadyForBytes` answers false) instead of blocking it, and the loop hears when
/// it may go on. The bytes and the digest come out whole all the same.
@Suite struct DirectUploadReadinessTests: UploadFileTesting {
    /// Counts calls from any thread.
    final class Calls: Sendable {
        private let count = Mutex(0)
        func record() { count.withLock { $0 += 1 } }
        var total: Int { count.withLock { $0 } }
    }

    @Test("a write asked about before it runs says so, and calls back once when it has finished")
    func directWriteCallsBackOnce() throws {
        try withNewFile { path, descriptor in
            let bytes = content(StagingBuffer.byteCount, seed: 21)
            let buffer = StagingBuffer.take()
            defer { StagingBuffer.recycle(buffer) }
            bytes.withUnsafeBytes { buffer.bytes.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            let digest = SHA256Hasher()
            let write = DirectWrite(descriptor: descriptor, buffer: buffer, count: bytes.count, offset: 0, digest: digest)
            let calls = Calls()
            let record: @Sendable () -> Void = { calls.record() }

            #expect(!write.isFinished)
            let finishedBeforeRunning = write.isFinished(orNotify: record)
            #expect(!finishedBeforeRunning)
            #expect(calls.total == 0)
            write.run()
            #expect(calls.total == 1)
            #expect(write.isFinished)
            let finishedAfterRunning = write.isFinished(orNotify: record)
            #expect(finishedAfterRunning)
            write.wait()
            #expect(calls.total == 1)
            #expect(write.failure == 0)
            let expected = try sha256(bytes)
            #expect(digest.finalizeHex() == expected)
            #expect(FileManager.default.contents(atPath: path) == Data(bytes))
        }
    }

    @Test("a full buffer behind a write still in flight holds the loop off without blocking it, until that write ends")
    func fullBufferWaitsForItsPredecessor() throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/file"
        let descriptor = try createdFile(path)
        defer { close(descriptor) }

        // One writer thread, held at a gate: every buffer handed on stays in flight until it opens.
        let writers = startedPool(threads: 1, queueDepth: 16, name: "test-writer")
        defer { writers.stop(timeout: .seconds(5)) }
        let storers = startedPool(threads: 1, name: "test-storer")
        defer { storers.stop(timeout: .seconds(5)) }
        let gate = Gate()
        try #require(writers.submit { gate.pass() })
        try #require(gate.waitForArrivals(1))
        // Had the code under test blocked on the held write, only this would free it, and the
        // expectation on `safetyNet` below fails instead of the test hanging.
        let safetyNet = Calls()
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) {
            safetyNet.record()
            gate.open()
        }

        let digest = SHA256Hasher()
        let writer = try #require(DirectUploadWriter(descriptor: descriptor, digest: digest, budget: StagingBudget(files: 1),
                                                     writers: DirectWriteQueue(writers: writers, storers: storers)))
        let bytes = content(3 * StagingBuffer.byteCount + 5_000, seed: 22)
        var received = 0
        // What the loop does for each read: take the offered memory, read into it, write it in place.
        func readInPlace(_ count: Int) throws {
            let target = try #require(writer.receivingBuffer(after: 0, upTo: count))
            let n = min(target.count, count, bytes.count - received)
            bytes[received..<(received + n)].withUnsafeBytes { target.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: n) }
            try writer.write(UnsafeRawBufferPointer(start: target.baseAddress, count: n))
            received += n
        }
        let resumes = Calls()
        let resumed = DispatchSemaphore(value: 0)
        let resume: @Sendable () -> Void = {
            resumes.record()
            resumed.signal()
        }

        func ready() -> Bool { writer.isReadyForBytes(after: 0, orResume: resume) }

        // The first buffer fills and goes to the held writer; the second has room of its own.
        let readyAtFirst = ready()
        #expect(readyAtFirst)
        try readInPlace(StagingBuffer.byteCount)
        let readyWithRoom = ready()
        #expect(readyWithRoom)
        try readInPlace(StagingBuffer.byteCount)
        // Both full, the first still in flight: the loop is held off, not blocked.
        let readyWhenBothFull = ready()
        #expect(!readyWhenBothFull)
        #expect(safetyNet.total == 0)
        #expect(resumes.total == 0)

        gate.open()
        #expect(resumed.wait(timeout: .now() + 20) == .success)
        #expect(resumes.total == 1)
        let readyOnceWritten = ready()
        #expect(readyOnceWritten)
        while received < bytes.count {
            try readInPlace(300_007)
        }
        try writer.finish()
        let expected = try sha256(bytes)
        #expect(digest.finalizeHex() == expected)
        #expect(FileManager.default.contents(atPath: path) == Data(bytes))
    }
}
