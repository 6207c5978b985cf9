public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension DocumentStore {
    /// The folder an upload should be received into so that `store(movingFile:)` can keep it by
    /// renaming it: on the documents' own file system, swept of leftovers like every incoming file.
    public var receivingDirectory: URL { incoming }

    /// Stores a file by moving it into place rather than copying it: one read (for the SHA-256 and the
    /// sniffed type), an fsync, a rename and an fsync of the folder. The file is durable under its
    /// SHA-256 before this returns, so before any row can reference it.
    ///
    /// The source is consumed whatever happens: kept, deleted as a duplicate of stored bytes, or deleted
    /// on failure (no partial file is left). A source on another file system (the rename fails with
    /// EXDEV) is copied as `store(contentsOf:)` does, then deleted.
    public func store(movingFile source: URL) throws -> StoredBlob {
        let fd = open(source.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DurableFile.SystemCallFailed(call: "open", path: source.path, code: errno) }
        var hasher = SHA256Hasher()
        var size: Int64 = 0
        var prefix: [UInt8] = []
        let sha256: String
        let destination: URL
        do {
            defer { close(fd) }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let count = read(fd, buffer.baseAddress, buffer.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw DurableFile.SystemCallFailed(call: "read", path: source.path, code: errno)
                }
                if count == 0 { break }
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                hasher.update(chunk)
                if prefix.count < MediaTypeSniffer.prefixLength {
                    prefix.append(contentsOf: chunk.prefix(MediaTypeSniffer.prefixLength - prefix.count))
                }
                size += Int64(count)
            }
            sha256 = hasher.finalizeHex()
            destination = url(forSHA256: sha256)
            if !FileManager.default.fileExists(atPath: destination.path) {
                // The bytes reach the disk before the name does; a duplicate needs no fsync at all.
                try DurableFile.sync(fd, path: source.path)
                // Stored files are readable by the service's group (backups), as copied ones are.
                fchmod(fd, 0o640)
            }
        } catch {
            unlink(source.path)
            throw Self.full(error) ?? error
        }
        let blob = StoredBlob(sha256: sha256, size: size, mediaType: MediaTypeSniffer.sniff(prefix))
        if FileManager.default.fileExists(atPath: destination.path) {
            // Already stored by an earlier upload; its time is renewed so that a sweep's grace period
            // covers this new reference.
            unlink(source.path)
            utimes(destination.path, nil)
            return blob
        }
        do {
            try DurableFile.makeDirectory(destination.deletingLastPathComponent())
            try DurableFile.rename(from: source.path, to: destination.path)
            try DurableFile.syncDirectory(destination.deletingLastPathComponent().path)
        } catch let failed as DurableFile.SystemCallFailed where failed.call == "rename" && failed.code == EXDEV {
            defer { unlink(source.path) }
            return try store(contentsOf: source)
        } catch {
            unlink(source.path)
            throw Self.full(error) ?? error
        }
        return blob
    }

    /// True when the documents' file system has (almost) no room left: what a failed write while
    /// receiving an upload into `receivingDirectory` means, rather than a fault of the disk.
    public func isOutOfRoom(below margin: UInt64 = 1 << 20) -> Bool {
        var status = statvfs()
        guard statvfs(incoming.path, &status) == 0 else { return false }
        return UInt64(status.f_bavail) * UInt64(status.f_frsize) < margin
    }
}
