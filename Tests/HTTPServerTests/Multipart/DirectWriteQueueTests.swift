import ContentHash
import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing
@testable import HTTPServer

/// Two uploads' buffers waiting for a busy writer are hashed together, and each file and digest still
/// comes out whole; a write the pool cannot take goes back to its caller and is never taken twice; a
/// writer goes on hashing while the disk holds the writes it handed to the storers.
@Suite struct DirectWriteQueueTests: UploadFileTesting {
    /// A file being written, with the buffer and the digest of one write.
    struct Upload {
        let path: String
        let descriptor: Int32
        let bytes: [UInt8]
        let buffer: StagingBuffer
        let digest = SHA256Hasher()
        let write: DirectWrite

        init(_ path: String, _ bytes: [UInt8], descriptor: Int32) {
            self.path = path
            self.descriptor = descriptor
            self.bytes = bytes
            buffer = StagingBuffer.take()
            let buffer = buffer
            bytes.withUnsafeBytes { buffer.bytes.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            write = DirectWrite(descriptor: descriptor, buffer: buffer, count: bytes.count, offset: 0, digest: digest)
        }
    }

    /// Which of the queue's pools a test holds at a gate.
    enum Held {
        case writer
        case storer
    }

    /// New files in a folder, each with one write of `sizes` random bytes, and a queue on one writer
    /// and one storer thread, the `held` one held at a gate (with `queueDepth` places behind it) for
    /// the duration of `body`.
    func withHeld(_ held: Held, sizes: [Int], queueDepth: Int,
                  _ body: (_ queue: DirectWriteQueue, _ uploads: [Upload], _ gate: Gate, _ writers: WorkerPool) throws -> Void) throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var uploads: [Upload] = []
        defer {
            for upload in uploads {
                close(upload.descriptor)
                StagingBuffer.recycle(upload.buffer)
            }
        }
        for (index, size) in sizes.enumerated() {
            let path = "\(directory)/file-\(index)"
            uploads.append(Upload(path, content(size, seed: UInt64(40 + index)), descriptor: try createdFile(path)))
        }
        let writers = startedPool(threads: 1, queueDepth: queueDepth, name: "test-writer")
        defer { writers.stop(timeout: .seconds(5)) }
        let storers = startedPool(threads: 1, queueDepth: queueDepth, name: "test-storer")
        defer { storers.stop(timeout: .seconds(5)) }
        let gate = Gate()
        defer { gate.open() }
        try #require((held == .writer ? writers : storers).submit { gate.pass() })
        try #require(gate.waitForArrivals(1))
        try body(DirectWriteQueue(writers: writers, storers: storers), uploads, gate, writers)
    }

    func expectWhole(_ upload: Upload) throws {
        #expect(upload.write.failure == 0)
        let expected = try sha256(upload.bytes)
        #expect(upload.digest.finalizeHex() == expected)
        #expect(FileManager.default.contents(atPath: upload.path) == Data(upload.bytes))
    }

    @Test("two writes waiting for a busy writer are hashed together, each file and digest whole")
    func waitingWritesArePaired() throws {
        // Lengths that differ, so that the longer one's last blocks are hashed alone.
        try withHeld(.writer, sizes: [StagingBuffer.byteCount, 600 * 1024], queueDepth: 16) { queue, uploads, gate, _ in
            for upload in uploads { #expect(queue.submit(upload.write)) }
            gate.open()
            for upload in uploads { upload.write.wait() }
            #expect(queue.pairsRun == (SHA256Hasher.pairs ? 1 : 0))
            for upload in uploads { try expectWhole(upload) }
        }
    }

    @Test("a write the pool cannot take is withdrawn for its caller to run, and no writer takes it again")
    func refusedWriteIsWithdrawn() throws {
        try withHeld(.writer, sizes: [256 * 1024, 256 * 1024], queueDepth: 0) { queue, uploads, gate, _ in
            // The one thread is held and there is no queue: the pool refuses, and the caller runs it.
            let refused = uploads[0].write
            #expect(!queue.submit(refused))
            refused.run()
            gate.open()
            // Wait for the gate's job to be gone, so that the pool takes the next write.
            var accepted = false
            for _ in 0..<500 where !accepted {
                accepted = queue.submit(uploads[1].write)
                if !accepted { usleep(10_000) }
            }
            try #require(accepted)
            uploads[1].write.wait()
            // Had the refused write stayed waiting, it would have been taken as a partner and hashed twice.
            #expect(queue.pairsRun == 0)
            for upload in uploads { try expectWhole(upload) }
        }
    }

    @Test("a writer hashes the next buffers while the disk still holds the ones before, which finish only once stored")
    func writerHashesWhileStoresWait() throws {
        try withHeld(.storer, sizes: [StagingBuffer.byteCount, 600 * 1024], queueDepth: 16) { queue, uploads, gate, writers in
            for upload in uploads { #expect(queue.submit(upload.write)) }
            // Both writes hashed and waiting for the one storer: the one writer is free for more.
            let writerFree = DispatchSemaphore(value: 0)
            try #require(writers.submit { writerFree.signal() })
            #expect(writerFree.wait(timeout: .now() + 10) == .success, "the writer stayed busy with a write the disk held")
            for upload in uploads { #expect(!upload.write.isFinished, "a write finished before it was stored") }
            gate.open()
            for upload in uploads { upload.write.wait() }
            for upload in uploads { try expectWhole(upload) }
        }
    }

    /// With the default patience, and with one so short that waits often run out just as a partner is
    /// handed over.
    @Test("eight files written at once through four writers and four storers, their writes paired as they meet, all come out whole",
          arguments: [Duration.milliseconds(2), .microseconds(5)])
    func concurrentFilesComeOutWhole(patience: Duration) throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writers = startedPool(threads: 4, name: "test-writer")
        defer { writers.stop(timeout: .seconds(5)) }
        let storers = startedPool(threads: 4, name: "test-storer")
        defer { storers.stop(timeout: .seconds(5)) }
        let queue = DirectWriteQueue(writers: writers, storers: storers, patience: patience)
        let block = 4096
        let files = (0..<8).map { (path: "\(directory)/file-\($0)", bytes: content(300 * block + 512 * $0, seed: UInt64(60 + $0))) }
        let descriptors = try files.map { try createdFile($0.path) }
        defer { descriptors.forEach { close($0) } }
        // Each file's digest is used by that file's iteration alone, one write at a time.
        nonisolated(unsafe) let digests = files.map { _ in SHA256Hasher() }
        let failures = Mutex<[Int32]>([])

        // As `DirectUploadWriter` does: each file has one write in flight, the next submitted once it is done.
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let bytes = files[index].bytes
            var offset = 0
            while offset < bytes.count {
                let count = min(block, bytes.count - offset)
                let buffer = StagingBuffer.take()
                bytes[offset..<(offset + count)].withUnsafeBytes { buffer.bytes.copyMemory(from: $0.baseAddress!, byteCount: count) }
                let write = DirectWrite(descriptor: descriptors[index], buffer: buffer, count: count, offset: offset, digest: digests[index])
                if !queue.submit(write) { write.run() }
                write.wait()
                if write.failure != 0 { failures.withLock { $0.append(write.failure) } }
                StagingBuffer.recycle(buffer)
                offset += count
            }
        }

        #expect(failures.withLock { $0 }.isEmpty)
        for (index, file) in files.enumerated() {
            let expected = try sha256(file.bytes)
            #expect(digests[index].finalizeHex() == expected, "file \(index)")
            #expect(FileManager.default.contents(atPath: file.path) == Data(file.bytes), "file \(index)")
        }
    }
}
