import Glibc
import Synchronization

/// What `StaticFiles` learned about a file the last time it looked, so that a stylesheet asked for
/// thousands of times a second costs no path walk, no `open` and no header formatting each time.
///
/// Each entry is a consistent snapshot: the validators (ETag, Last-Modified) and, for a small file,
/// its bytes were taken together, and the bytes are kept only if the file did not change while they
/// were read. An entry is trusted for `revalidationInterval`; after that the path is walked again
/// with every traversal check (`StaticFilePath`) and the file's identity (inode, size, modification
/// time) compared, so a changed file is served afresh within that interval and a removed one stops
/// being served. Larger files keep their validators here and are still sent with `sendfile`.
final class StaticFileCache: Sendable {
    struct Entry: Sendable {
        let path: String
        let identity: Identity
        let tag: String
        let lastModified: String
        let modifiedSeconds: Int
        let contentType: String
        /// The whole file, for files up to `maxCachedFileBytes`; nil means send it from disk.
        let bytes: [UInt8]?
        var checkedAt: Int64
    }

    /// What says a file is still the one we read: a replaced or rewritten file changes one of these.
    struct Identity: Equatable, Sendable {
        let device: UInt64
        let inode: UInt64
        let size: Int
        let modifiedNanoseconds: Int

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int(info.st_size)
            modifiedNanoseconds = Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)
        }
    }

    let revalidationNanoseconds: Int64
    let maxCachedFileBytes: Int
    let maxEntries: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(revalidationInterval: Duration, maxCachedFileBytes: Int, maxEntries: Int = 1024) {
        revalidationNanoseconds = revalidationInterval.nanoseconds
        self.maxCachedFileBytes = maxCachedFileBytes
        self.maxEntries = maxEntries
    }

    /// The entry for `requestPath` if it was checked recently enough.
    func fresh(_ requestPath: String, now: Int64) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[requestPath], now - entry.checkedAt < revalidationNanoseconds else { return nil }
            return entry
        }
    }

    /// The entry for a file just resolved: the cached one if the file is still the same, else a new
    /// snapshot. Nil when nothing should be cached (say, the file changed while being read).
    func refresh(_ requestPath: String, file: StaticFilePath, now: Int64, make: (StaticFilePath, [UInt8]?) -> Entry) -> Entry? {
        let identity = Identity(file.info)
        let previous = entries.withLock { entries -> Entry? in
            guard var entry = entries[requestPath], entry.path == file.path, entry.identity == identity else { return nil }
            entry.checkedAt = now
            entries[requestPath] = entry
            return entry
        }
        if let previous { return previous }
        var bytes: [UInt8]?
        if identity.size <= maxCachedFileBytes {
            guard let read = StaticFileCache.read(file.path, expecting: identity) else {
                entries.withLock { _ = $0.removeValue(forKey: requestPath) }
                return nil
            }
            bytes = read
        }
        let entry = make(file, bytes)
        entries.withLock { entries in
            // Bounded: a crawler asking for every file cannot grow it without end.
            if entries.count >= maxEntries && entries[requestPath] == nil { entries.removeAll(keepingCapacity: true) }
            entries[requestPath] = entry
        }
        return entry
    }

    /// The file's bytes, if it is still `identity` before and after reading all of it.
    static func read(_ path: String, expecting identity: Identity) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var before = stat()
        guard fstat(descriptor, &before) == 0, Identity(before) == identity else { return nil }
        var bytes = [UInt8](repeating: 0, count: identity.size)
        var done = 0
        while done < identity.size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + done, identity.size - done, off_t(done))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            done += count
        }
        var after = stat()
        guard fstat(descriptor, &after) == 0, Identity(after) == identity else { return nil }
        return bytes
    }
}
