import ContentHash
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies one file while hashing it, so that a backup and a restore each read every byte once and
/// know its SHA-256 from that same read (a separate hashing pass could see a different file).
enum HashedCopy {
    /// Copies `source` to the new file `destination` (fsync'd) and returns the SHA-256 and size of
    /// what was copied.
    static func copy(_ source: URL, to destination: URL) throws -> (sha256: String, size: Int64) {
        try DurableFile.makeDirectory(destination.deletingLastPathComponent())
        let output = try DurableFile.openForWriting(destination.path)
        defer { _ = closeFile(output) }
        let result = try read(source) { chunk in try DurableFile.writeAll(output, chunk, path: destination.path) }
        try DurableFile.sync(output, path: destination.path)
        return result
    }

    /// The SHA-256 and size of a file, read once.
    static func hash(_ file: URL) throws -> (sha256: String, size: Int64) {
        try read(file) { _ in }
    }

    /// Reads `file` once, in large chunks, hashing each and handing it to `consume`.
    private static func read(_ file: URL, consume: (UnsafeRawBufferPointer) throws -> Void) throws -> (sha256: String, size: Int64) {
        let input = open(file.path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw DurableFile.SystemCallFailed(call: "open", path: file.path, code: errno) }
        defer { _ = closeFile(input) }
        let hasher = SHA256Hasher()
        var size: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = Glibc.read(input, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw DurableFile.SystemCallFailed(call: "read", path: file.path, code: errno)
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(chunk)
            try consume(chunk)
            size += Int64(count)
        }
        return (hasher.finalizeHex(), size)
    }
}

/// `close(2)` under a name that does not clash with the methods called `close` in this module.
func closeFile(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(fd)
    #else
    Darwin.close(fd)
    #endif
}
