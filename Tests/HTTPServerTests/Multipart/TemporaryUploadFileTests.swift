import CLinuxIO
import Foundation
import Glibc
import Testing
@testable import HTTPServer

/// The bytes of an uploaded part reach its temporary file and its SHA-256 whole and in order, whether
/// written with O_DIRECT (full aligned buffers on writer and storer threads, the unaligned tail
/// through the page cache) or through the page cache, whatever the sizes of the pieces they arrive in.
@Suite struct TemporaryUploadFileTests: UploadFileTesting {
    static let sizes = [0, 1, 4_095, 4_096, 4_097, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, (1 << 20) + 4_096, (3 << 20) + 12_345]

    /// Writes `bytes` in pieces of `piece` bytes (the last shorter) and closes the file.
    func written(_ bytes: [UInt8], piece: Int, direct: Bool, directory: String) throws -> TemporaryUploadFile {
        let file = try TemporaryUploadFile(directory: directory, digesting: true, direct: direct)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + piece)
            try bytes[offset..<end].withUnsafeBytes { try file.write($0) }
            offset = end
        }
        try file.close()
        return file
    }

    @Test("every size around a block and a staging buffer comes out whole, in pieces of every kind",
          arguments: [true, false])
    func bytesAndDigestWhole(direct: Bool) throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (index, size) in Self.sizes.enumerated() {
            let bytes = content(size, seed: UInt64(index + 1))
            let expected = try sha256(bytes)
            for piece in [1_000, 65_536, 300_007, max(1, size)] where size <= 100_000 || piece != 1_000 {
                let file = try written(bytes, piece: piece, direct: direct, directory: directory)
                #expect(file.size == size)
                #expect(file.finishDigest() == expected, "size \(size) in pieces of \(piece)")
                #expect(FileManager.default.contents(atPath: file.path) == Data(bytes), "size \(size) in pieces of \(piece)")
                file.discard()
            }
        }
    }

    @Test("a file system that takes O_DIRECT gets it; asked not to, the page cache is used")
    func directWhereTheFileSystemAllows() throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Whether this file system takes O_DIRECT, asked of the kernel independently of the code under test.
        let descriptor = try createdFile(directory + "/probe")
        let takesDirect = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | clinuxio_o_direct()) == 0
        close(descriptor)
        let direct = try TemporaryUploadFile(directory: directory)
        #expect(direct.isDirect == takesDirect)
        direct.discard()
        let buffered = try TemporaryUploadFile(directory: directory, direct: false)
        #expect(!buffered.isDirect)
        buffered.discard()
    }

    @Test("past the staging budget files are written through the page cache, and a finished one frees its place")
    func budgetBoundsDirectFiles() throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let budget = StagingBudget(files: 2)
        var descriptors: [Int32] = []
        defer { descriptors.forEach { close($0) } }
        func opened() throws -> Int32 {
            let descriptor = try createdFile(directory + "/file-\(descriptors.count)")
            descriptors.append(descriptor)
            return descriptor
        }
        var first = DirectUploadWriter(descriptor: try opened(), digest: nil, budget: budget)
        let second = DirectUploadWriter(descriptor: try opened(), digest: nil, budget: budget)
        #expect(first != nil && second != nil)
        #expect(DirectUploadWriter(descriptor: try opened(), digest: nil, budget: budget) == nil)
        first = nil
        #expect(DirectUploadWriter(descriptor: try opened(), digest: nil, budget: budget) != nil)
    }

    @Test("an O_DIRECT write the file system refuses goes through the page cache instead, and the file stays whole")
    func refusedDirectWriteFallsBack() throws {
        try withNewFile { path, descriptor in
            try #require(fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | clinuxio_o_direct()) == 0)
            // Memory one byte off its alignment: every O_DIRECT write from it is refused with EINVAL.
            let memory = UnsafeMutableRawPointer.allocate(byteCount: 8_193, alignment: 4_096)
            defer { memory.deallocate() }
            let bytes = content(8_192, seed: 11)
            bytes.withUnsafeBytes { (memory + 1).copyMemory(from: $0.baseAddress!, byteCount: 8_192) }
            let misaligned = UnsafeRawBufferPointer(start: memory + 1, count: 8_192)
            #expect(PositionedWrite.all(descriptor, misaligned, at: 0) == EINVAL)
            #expect(PositionedWrite.allDirect(descriptor, misaligned, at: 0) == 0)
            #expect(fcntl(descriptor, F_GETFL) & clinuxio_o_direct() == 0)
            #expect(FileManager.default.contents(atPath: path) == Data(bytes))
        }
    }

    @Test("discarding while a buffer is still being written waits for it and leaves no file")
    func discardMidWrite() throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = try TemporaryUploadFile(directory: directory, digesting: true)
        let bytes = content(5 << 20, seed: 9)
        try bytes.withUnsafeBytes { try file.write($0) }
        file.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("upload-") }.isEmpty)
    }

    @Test("a write that fails on a storer thread is reported to the loop, as a storage failure")
    func writerFailureReported() throws {
        let directory = try MultipartFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A descriptor open only for reading: every write to it fails (EBADF), on whichever thread.
        let path = directory + "/read-only"
        try #require(FileManager.default.createFile(atPath: path, contents: nil))
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let writer = try #require(DirectUploadWriter(descriptor: descriptor, digest: nil))
        let bytes = content(3 << 20, seed: 4)
        #expect(throws: MultipartError.self) {
            try bytes.withUnsafeBytes { try writer.write($0) }
            try writer.finish()
        }
    }
}
