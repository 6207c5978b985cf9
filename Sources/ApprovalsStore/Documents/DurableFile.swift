import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX calls that make a file survive a power cut: write it all, fsync it, and fsync the
/// folder after a rename so that the new name itself is on disk.
enum DurableFile {
    struct SystemCallFailed: Error, CustomStringConvertible {
        let call: String
        let path: String
        let code: Int32
        var description: String { "\(call) failed for \(path): \(String(cString: strerror(code)))" }
    }

    static func openForWriting(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw SystemCallFailed(call: "open", path: path, code: errno) }
        return fd
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemCallFailed(call: "write", path: path, code: errno)
            }
            offset += written
        }
    }

    static func sync(_ fd: Int32, path: String) throws {
        guard fsync(fd) == 0 else { throw SystemCallFailed(call: "fsync", path: path, code: errno) }
    }

    /// Drops a durable file's pages from the page cache. A kept upload is seldom read soon after, so
    /// its pages are worth more as free memory for the next upload than as cache: without this the
    /// page cache grows by every byte uploaded, and memory never used before is the dearest to get
    /// (on the development VM each fresh page faults in the host too: writing into them cost about
    /// 1.8 CPU seconds per GB against 0.35 for recycled pages). Called after `sync`, when every page
    /// is clean; a failure only leaves the pages cached.
    static func dropCachedPages(_ fd: Int32) {
        #if canImport(Glibc)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED))
        #endif
    }

    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemCallFailed(call: "open", path: path, code: errno) }
        defer { close(fd) }
        try sync(fd, path: path)
    }

    static func rename(from source: String, to destination: String) throws {
        #if canImport(Glibc)
        let result = Glibc.rename(source, destination)
        #else
        let result = Darwin.rename(source, destination)
        #endif
        guard result == 0 else { throw SystemCallFailed(call: "rename", path: destination, code: errno) }
    }

    /// Creates a folder and any missing parents, syncing each parent that gained an entry.
    static func makeDirectory(_ url: URL) throws {
        var missing: [URL] = []
        var current = url
        while !FileManager.default.fileExists(atPath: current.path) {
            missing.append(current)
            current = current.deletingLastPathComponent()
        }
        for folder in missing.reversed() {
            if mkdir(folder.path, 0o750) != 0 && errno != EEXIST {
                throw SystemCallFailed(call: "mkdir", path: folder.path, code: errno)
            }
            try syncDirectory(folder.deletingLastPathComponent().path)
        }
    }
}
