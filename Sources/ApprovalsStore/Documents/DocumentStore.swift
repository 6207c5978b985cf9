import ContentHash
public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The content of an uploaded file as stored on disk: once per SHA-256, whoever uploads it and
/// however often. Who uploaded it, when and under which name is a row of `documents` that points here.
public struct StoredBlob: Sendable, Equatable {
    public let sha256: String
    public let size: Int64
    public let mediaType: String
}

/// Files under `DATA/documents/ab/cd/<sha256>`, where `ab` and `cd` are the first two pairs of hex
/// digits (so that no folder holds more than a few thousand entries).
///
/// A file is written to `DATA/documents/incoming/` (same file system), fsync'd, renamed into place and
/// its folder fsync'd, all before the caller commits the row that references it. A crash can therefore
/// leave a file without a row, never a row without a file; `sweepOrphans` removes the former.
public struct DocumentStore: Sendable {
    public let root: URL
    var incoming: URL { root.appendingPathComponent("incoming") }

    public init(root: URL) throws {
        self.root = root
        try DurableFile.makeDirectory(root.appendingPathComponent("incoming"))
    }

    /// Where the file with this SHA-256 lives (whether or not it exists).
    public func url(forSHA256 sha256: String) -> URL {
        let characters = Array(sha256)
        return root.appendingPathComponent(String(characters[0..<2]))
            .appendingPathComponent(String(characters[2..<4]))
            .appendingPathComponent(sha256)
    }

    /// Stores bytes held in memory.
    public func store(bytes: [UInt8]) throws -> StoredBlob {
        var offset = 0
        return try store { buffer in
            let count = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
            }
            offset += count
            return count
        }
    }

    /// Stores a file already on disk (an upload the HTTP layer streamed to a temporary file). The
    /// source is copied, not moved: it may be on another file system.
    public func store(contentsOf source: URL) throws -> StoredBlob {
        let fd = open(source.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DurableFile.SystemCallFailed(call: "open", path: source.path, code: errno) }
        defer { close(fd) }
        return try store { buffer in
            while true {
                let count = read(fd, buffer.baseAddress, buffer.count)
                if count >= 0 { return count }
                if errno != EINTR { throw DurableFile.SystemCallFailed(call: "read", path: source.path, code: errno) }
            }
        }
    }

    /// Copies from `next` (which fills a buffer and returns how much it wrote, 0 at the end) into a
    /// temporary file while hashing, then makes it durable under its SHA-256.
    private func store(reading next: (UnsafeMutableRawBufferPointer) throws -> Int) throws -> StoredBlob {
        let temporary = incoming.appendingPathComponent(UUID().uuidString)
        let fd = try DurableFile.openForWriting(temporary.path)
        let hasher = SHA256Hasher()
        var size: Int64 = 0
        var prefix: [UInt8] = []
        do {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let count = try next(buffer)
                if count == 0 { break }
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                hasher.update(chunk)
                if prefix.count < MediaTypeSniffer.prefixLength {
                    prefix.append(contentsOf: chunk.prefix(MediaTypeSniffer.prefixLength - prefix.count))
                }
                try DurableFile.writeAll(fd, chunk, path: temporary.path)
                size += Int64(count)
            }
            try DurableFile.sync(fd, path: temporary.path)
            DurableFile.dropCachedPages(fd)
            close(fd)
        } catch {
            close(fd)
            unlink(temporary.path)
            throw Self.full(error) ?? error
        }
        let sha256 = hasher.finalizeHex()
        let destination = url(forSHA256: sha256)
        if FileManager.default.fileExists(atPath: destination.path) {
            // Already stored by an earlier upload: the same bytes, by construction of the name. Its
            // modification time is renewed so that a sweep's grace period covers this new reference.
            unlink(temporary.path)
            utimes(destination.path, nil)
        } else {
            do {
                try DurableFile.makeDirectory(destination.deletingLastPathComponent())
                try DurableFile.rename(from: temporary.path, to: destination.path)
                try DurableFile.syncDirectory(destination.deletingLastPathComponent().path)
            } catch {
                unlink(temporary.path)
                throw Self.full(error) ?? error
            }
        }
        return StoredBlob(sha256: sha256, size: size, mediaType: MediaTypeSniffer.sniff(prefix))
    }

    /// `DocumentStorageFull` when a write or sync failed for want of room (ENOSPC, EDQUOT).
    static func full(_ error: any Error) -> DocumentStorageFull? {
        guard let failed = error as? DurableFile.SystemCallFailed, DocumentStorageFull.means(failed.code) else { return nil }
        return DocumentStorageFull()
    }

    /// Every stored file's SHA-256 (files in `incoming/` are not stored yet and not listed).
    public func storedHashes() throws -> [String: Date] {
        var found: [String: Date] = [:]
        let manager = FileManager.default
        for first in try manager.contentsOfDirectory(atPath: root.path) where first.count == 2 {
            let firstURL = root.appendingPathComponent(first)
            for second in (try? manager.contentsOfDirectory(atPath: firstURL.path)) ?? [] where second.count == 2 {
                let secondURL = firstURL.appendingPathComponent(second)
                for name in (try? manager.contentsOfDirectory(atPath: secondURL.path)) ?? [] where name.count == 64 {
                    let attributes = try? manager.attributesOfItem(atPath: secondURL.appendingPathComponent(name).path)
                    found[name] = (attributes?[.modificationDate] as? Date) ?? .distantPast
                }
            }
        }
        return found
    }

    /// Removes files that no row references and that are older than `grace` (younger ones may belong
    /// to a transaction of another process that has not committed yet), and leftovers in `incoming/`
    /// older than `grace`. Returns the SHA-256 of each removed stored file.
    public func sweepOrphans(referenced: Set<String>, olderThan grace: TimeInterval, now: Date = Date()) throws -> [String] {
        var removed: [String] = []
        for (sha256, modified) in try storedHashes() where !referenced.contains(sha256) && now.timeIntervalSince(modified) >= grace {
            unlink(url(forSHA256: sha256).path)
            removed.append(sha256)
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: incoming.path)) ?? [] {
            let path = incoming.appendingPathComponent(name).path
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
            if now.timeIntervalSince(modified) >= grace { unlink(path) }
        }
        return removed.sorted()
    }
}
