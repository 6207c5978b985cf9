import Approvals
import ContentHash
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
    ///
    /// `knownSHA256` is the digest of the file's bytes computed as they were received (the HTTP
    /// layer's `UploadedFile.sha256`): the file is then not read back at all, only its first bytes for
    /// the sniffed type. It must come from the code that wrote the file, never from a client.
    public func store(movingFile source: URL, knownSHA256: String? = nil) throws -> StoredBlob {
        let fd = open(source.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DurableFile.SystemCallFailed(call: "open", path: source.path, code: errno) }
        var size: Int64 = 0
        var prefix: [UInt8] = []
        let sha256: String
        let destination: URL
        do {
            defer { close(fd) }
            if let knownSHA256, DocumentReference.isValidSHA256(knownSHA256) {
                (size, prefix) = try Self.sizeAndPrefix(fd, path: source.path)
                sha256 = knownSHA256
            } else {
                (sha256, size, prefix) = try Self.hash(fd, path: source.path)
            }
            destination = url(forSHA256: sha256)
            if !FileManager.default.fileExists(atPath: destination.path) {
                // The bytes reach the disk before the name does; a duplicate needs no fsync at all.
                try DurableFile.sync(fd, path: source.path)
                DurableFile.dropCachedPages(fd)
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

    /// Reads the whole file once: its SHA-256, size and first bytes.
    private static func hash(_ fd: Int32, path: String) throws -> (sha256: String, size: Int64, prefix: [UInt8]) {
        let hasher = SHA256Hasher()
        var size: Int64 = 0
        var prefix: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw DurableFile.SystemCallFailed(call: "read", path: path, code: errno)
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(chunk)
            if prefix.count < MediaTypeSniffer.prefixLength {
                prefix.append(contentsOf: chunk.prefix(MediaTypeSniffer.prefixLength - prefix.count))
            }
            size += Int64(count)
        }
        return (hasher.finalizeHex(), size, prefix)
    }

    /// The size (fstat) and the first bytes for the sniffer, without reading the rest.
    private static func sizeAndPrefix(_ fd: Int32, path: String) throws -> (size: Int64, prefix: [UInt8]) {
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw DurableFile.SystemCallFailed(call: "fstat", path: path, code: errno) }
        var prefix = [UInt8](repeating: 0, count: MediaTypeSniffer.prefixLength)
        let got = prefix.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard got >= 0 else { throw DurableFile.SystemCallFailed(call: "pread", path: path, code: errno) }
        prefix.removeLast(prefix.count - got)
        return (Int64(status.st_size), prefix)
    }
}
