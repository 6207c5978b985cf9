import ContentHash
import Foundation
import Glibc
import Testing
@testable import HTTPServer

/// A buffer that finds no partner waits a little for another file's next one, but only while another
/// file is sending buffers; either way each file and its digest come out whole.
@Suite(.enabled(if: SHA256Hasher.pairs, "pairing needs the SHA extensions"))
struct DirectWriteQueuePatienceTests: UploadFileTesting {
    /// A file written one buffer at a time through the queue, as `DirectUploadWriter` does.
    final class FileInWrites {
        let path: String
        let descriptor: Int32
        let bytes: [UInt8]
        let digest = SHA256Hasher()
        private var offset = 0
        private var buffers: [StagingBuffer] = []

        init(_ path: String, _ bytes: [UInt8], descriptor: Int32) {
            self.path = path
            self.bytes = bytes
            self.descriptor = descriptor
        }

        deinit {
            close(descriptor)
            buffers.forEach(StagingBuffer.recycle)
        }

        /// The file's next `count` bytes as a write, not yet submitted.
        func next(_ count: Int) -> DirectWrite {
            let buffer = StagingBuffer.take()
            buffers.append(buffer)
            bytes[offset..<(offset + count)].withUnsafeBytes { buffer.bytes.copyMemory(from: $0.baseAddress!, byteCount: count) }
            defer { offset += count }
            return DirectWrite(descriptor: descriptor, buffer: buffer, count: count, offset: offset, digest: digest)
        }
    }

    /// Files of `sizes` bytes in a new folder, and a queue on one writer thread.
    func withFiles(_ sizes: [Int], patience: Duration, _ body: (DirectWriteQueue, [FileInWrites]) throws -> Void) throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writers = startedPool(threads: 1, queueDepth: 16, name: "test-writer")
        defer { writers.stop(timeout: .seconds(5)) }
        let storers = startedPool(threads: 2, name: "test-storer")
        defer { storers.stop(timeout: .seconds(5)) }
        let files = try sizes.enumerated().map { index, size in
            let path = "\(directory)/file-\(index)"
            return FileInWrites(path, content(size, seed: UInt64(80 + index)), descriptor: try createdFile(path))
        }
        try body(DirectWriteQueue(writers: writers, storers: storers, patience: patience, activity: .seconds(60)), files)
    }

    func submitAndWait(_ queue: DirectWriteQueue, _ write: DirectWrite) throws {
        try #require(queue.submit(write))
        write.wait()
        #expect(write.failure == 0)
    }

    /// Submits the write and returns once its writer is waiting for a partner.
    func submitLone(_ queue: DirectWriteQueue, _ write: DirectWrite) throws {
        try #require(queue.submit(write))
        var waiting = false
        for _ in 0..<1_000 where !waiting {
            waiting = queue.isWaitingForPartner
            if !waiting { usleep(5_000) }
        }
        try #require(waiting, "the lone write never waited for a partner")
    }

    /// Submits `lone`, and once its writer waits for a partner, `partner`; returns when both are written.
    func pair(_ queue: DirectWriteQueue, lone: DirectWrite, with partner: DirectWrite) throws {
        try submitLone(queue, lone)
        try #require(queue.submit(partner))
        lone.wait()
        partner.wait()
        #expect(lone.failure == 0 && partner.failure == 0)
    }

    func expectWhole(_ file: FileInWrites) throws {
        #expect(file.digest.finalizeHex() == (try sha256(file.bytes)))
        #expect(FileManager.default.contents(atPath: file.path) == Data(file.bytes))
    }

    @Test("a lone buffer waits while another file is sending, and that file's next buffer is hashed with it")
    func loneBufferIsPairedWithTheNextOneToCome() throws {
        let block = 256 * 1024
        try withFiles([block, 2 * block], patience: .seconds(20)) { queue, files in
            let (alone, sending) = (files[0], files[1])
            // The sending file's first buffer finds nothing else going on: written at once, alone.
            try submitAndWait(queue, sending.next(block))
            #expect(queue.partnerWaits == 0)
            try pair(queue, lone: alone.next(block), with: sending.next(block))
            #expect(queue.partnerWaits == 1)
            #expect(queue.pairsRun == 1)
            #expect(!queue.isWaitingForPartner)
            for file in files { try expectWhole(file) }
        }
    }

    @Test("a lone buffer whose partner does not come in time is hashed alone, and the next wait still pairs")
    func partnerThatDoesNotComeInTime() throws {
        let block = 128 * 1024
        try withFiles([2 * block, 2 * block], patience: .milliseconds(50)) { queue, files in
            let (first, second) = (files[0], files[1])
            try submitAndWait(queue, second.next(block))
            let lone = first.next(block)
            try #require(queue.submit(lone))
            lone.wait()
            #expect(lone.failure == 0)
            #expect(queue.partnerWaits == 1)
            #expect(queue.pairsRun == 0)
            // Now the second file's buffer is the lone one, and the first file's next is its partner.
            try pair(queue, lone: second.next(block), with: first.next(block))
            #expect(queue.partnerWaits == 2)
            #expect(queue.pairsRun == 1)
            for file in files { try expectWhole(file) }
        }
    }

    @Test("a lone buffer its event loop is about to wait for stops waiting for a partner at once")
    func hurriedBufferStopsWaiting() throws {
        let block = 64 * 1024
        // A patience far longer than the wait allowed below: only `waitFor` can end the wait in time.
        try withFiles([block, block], patience: .seconds(20)) { queue, files in
            try submitAndWait(queue, files[1].next(block))
            let lone = files[0].next(block)
            try submitLone(queue, lone)
            let clock = ContinuousClock()
            let waited = clock.measure { queue.waitFor(lone) }
            #expect(waited < .seconds(10))
            #expect(lone.failure == 0)
            #expect(queue.partnerWaits == 1)
            #expect(queue.pairsRun == 0)
            #expect(!queue.isWaitingForPartner)
            for file in files { try expectWhole(file) }
        }
    }

    @Test("a file sending buffers alone never waits for a partner")
    func fileAloneNeverWaits() throws {
        let block = 64 * 1024
        try withFiles([4 * block], patience: .seconds(20)) { queue, files in
            for _ in 0..<4 { try submitAndWait(queue, files[0].next(block)) }
            #expect(queue.partnerWaits == 0)
            #expect(queue.pairsRun == 0)
            try expectWhole(files[0])
        }
    }
}
