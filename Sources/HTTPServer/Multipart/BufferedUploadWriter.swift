import CLinuxIO
import ContentHash
import Glibc

/// Writes an uploaded file through the page cache, for file systems that refuse O_DIRECT (see
/// `DirectUploadWriter`): the bytes are hashed as they arrive, writeback is started every few
/// megabytes, and pages already written back are dropped, so that a long upload recycles a few windows
/// of memory instead of growing the cache by its whole size.
final class BufferedUploadWriter {
    private let descriptor: Int32
    private let digest: SHA256Hasher?
    private var size = 0
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

    init(descriptor: Int32, digest: SHA256Hasher?) {
        self.descriptor = descriptor
        self.digest = digest
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(MultipartError) {
        let failure = PositionedWrite.all(descriptor, bytes, at: size)
        guard failure == 0 else { throw .temporaryFileWriteFailed(failure) }
        digest?.update(bytes)
        size += bytes.count
        if size - writebackFrom >= Self.writebackStep {
            // It queues the pages for writing and returns without waiting for them (it can wait
            // briefly when the disk's request queue is full, as the write itself can when too much
            // is dirty). Its failure changes nothing: the fsync that makes the file durable comes
            // later and reports any error.
            _ = clinuxio_start_writeback(descriptor, writebackFrom, size - writebackFrom)
            // The window before the last has had a whole step to reach the disk: its pages are dropped
            // from the page cache (those not clean yet stay, nothing waits). A handler that reads the
            // file back reads from the disk; one that keeps it by rename reads nothing (and drops what
            // is left once the file is durable).
            if lastWindowFrom > droppedUpTo {
                _ = clinuxio_drop_cached(descriptor, droppedUpTo, lastWindowFrom - droppedUpTo)
                droppedUpTo = lastWindowFrom
            }
            lastWindowFrom = writebackFrom
            writebackFrom = size
        }
    }
}
