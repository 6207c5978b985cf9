import CLinuxIO
import Glibc

/// A file being written for one uploaded part: created with a random name we choose (never the
/// client's), readable only by us, and removed again if the upload does not complete.
final class TemporaryUploadFile {
    let path: String
    private(set) var size = 0
    private var descriptor: Int32
    /// The SHA-256 of what was written, when asked for.
    private let digest: UploadDigest?
    /// Where the bytes not yet handed to the disk's writeback begin.
    private var writebackFrom = 0
    /// Where the window whose writeback was started last begins; the bytes before it were handed to
    /// writeback a step earlier or more, so their pages are usually clean and are dropped.
    private var lastWindowFrom = 0
    /// The bytes before this were offered to the page cache's dropping already.
    private var droppedUpTo = 0

    /// Dirty bytes after which writeback is started. A handler that keeps the file fsyncs it; without
    /// this the disk would sit idle while the body arrives and then take the whole file at once.
    static let writebackStep = 8 << 20

    /// Creates a new file in `directory`. `O_EXCL | O_NOFOLLOW` make sure we never write through a
    /// file or link someone else placed there.
    init(directory: String, digesting: Bool = false) throws(MultipartError) {
        digest = digesting ? UploadDigest() : nil
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<8 {
            let name = (0..<2).map { _ in
                let text = String(generator.next() as UInt64, radix: 16)
                return String(repeating: "0", count: 16 - text.count) + text
            }.joined()
            let candidate = directory + "/upload-" + name
            let opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if opened >= 0 {
                path = candidate
                descriptor = opened
                return
            }
            if errno != EEXIST { break }
        }
        throw .storageFailed(reason: "cannot create a temporary file in \(directory)")
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(MultipartError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw .storageFailed(reason: "cannot write a temporary file") }
            offset += written
        }
        digest?.update(bytes)
        size += bytes.count
        if size - writebackFrom >= Self.writebackStep {
            // It queues the pages for writing and returns without waiting for them (it can wait
            // briefly when the disk's request queue is full, as the write itself can when too much
            // is dirty). Its failure changes nothing: the fsync that makes the file durable comes
            // later and reports any error.
            _ = clinuxio_start_writeback(descriptor, writebackFrom, size - writebackFrom)
            // The window before the last has had a whole step to reach the disk: its pages are dropped
            // from the page cache (those not clean yet stay, nothing waits), so a long upload recycles
            // a few windows of memory instead of growing the cache by its whole size. A handler that
            // reads the file back reads from the disk; one that keeps it by rename reads nothing (and
            // drops what is left once the file is durable).
            if lastWindowFrom > droppedUpTo {
                _ = clinuxio_drop_cached(descriptor, droppedUpTo, lastWindowFrom - droppedUpTo)
                droppedUpTo = lastWindowFrom
            }
            lastWindowFrom = writebackFrom
            writebackFrom = size
        }
    }

    /// The SHA-256 of the bytes written, in hexadecimal; nil unless made with `digesting`.
    func finishDigest() -> String? {
        digest?.finishHex()
    }

    /// Closes the file, keeping it.
    func close() throws(MultipartError) {
        guard descriptor >= 0 else { return }
        let result = Glibc.close(descriptor)
        descriptor = -1
        guard result == 0 else { throw .storageFailed(reason: "cannot close a temporary file") }
    }

    /// Closes and deletes the file.
    func discard() {
        if descriptor >= 0 {
            _ = Glibc.close(descriptor)
            descriptor = -1
        }
        unlink(path)
    }
}
