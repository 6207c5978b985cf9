import ContentHash
import Dispatch
import Glibc
import Synchronization

/// One full staging buffer of an upload on its way to the disk: hashed on a writer thread (with
/// another file's, when two are waiting), then written at its offset on a storer thread
/// (`DirectWriteQueue`), while the event loop fills the file's next buffer.
///
/// `@unchecked Sendable`: it is made on the event loop, hashed once on one writer thread, then stored
/// once on one storer thread (or all of it on the loop itself when no writer can take it), and read
/// again on the loop only after `wait()`. Handing it from writer to storer goes through the storers'
/// queue, whose lock orders the two; the semaphore's signal and wait order the storer's accesses
/// before the loop's.
final class DirectWrite: @unchecked Sendable {
    let buffer: StagingBuffer
    /// The file written: also tells the queue which writes are of the same file.
    let descriptor: Int32
    private let count: Int
    private let offset: Int
    private let digest: SHA256Hasher?
    private let done = DispatchSemaphore(value: 0)
    /// Whether the write has finished, and who is to hear when it does: the event loop, which asks
    /// instead of waiting so that it can serve other connections meanwhile.
    private let progress = Mutex(Progress())
    /// The errno of a failed write; 0 when every byte was written.
    private(set) var failure: Int32 = 0

    private struct Progress {
        var finished = false
        var whenFinished: (@Sendable () -> Void)?
    }

    init(descriptor: Int32, buffer: StagingBuffer, count: Int, offset: Int, digest: SHA256Hasher?) {
        self.descriptor = descriptor
        self.buffer = buffer
        self.count = count
        self.offset = offset
        self.digest = digest
    }

    /// Hashes and writes the buffer, then signals `wait()` and calls whoever asked to hear: for a write
    /// no writer could take, run where it was made.
    func run() {
        hash()
        store()
    }

    /// Adds the buffer to the file's digest, alone.
    func hash() {
        digest?.update(bytes)
    }

    /// Adds two writes of different files to their digests, computed together: about half the CPU
    /// time of the two one after the other (`SHA256Hasher.update(_:_:together:_:)`). Each is then
    /// to be stored by `store()`. Only writes that `hashes` are paired.
    static func hash(_ first: DirectWrite, together second: DirectWrite) {
        guard let a = first.digest, let b = second.digest else { preconditionFailure("a write without a digest was paired") }
        SHA256Hasher.update(a, first.bytes, together: b, second.bytes)
    }

    /// Whether the write has a digest to compute, and so gains from being paired.
    var hashes: Bool { digest != nil }

    private var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: buffer.bytes, count: count)
    }

    /// Writes the buffer (hashed already), then signals `wait()` and calls whoever asked to hear.
    func store() {
        failure = PositionedWrite.allDirect(descriptor, bytes, at: offset)
        let notify = progress.withLock { progress -> (@Sendable () -> Void)? in
            progress.finished = true
            defer { progress.whenFinished = nil }
            return progress.whenFinished
        }
        done.signal()
        notify?()
    }

    /// Whether the write has finished (`run()` or `store()`), so that `wait()` would return at once.
    var isFinished: Bool {
        progress.withLock { $0.finished }
    }

    /// Whether the write has finished; if not, `notify` is called (once, on the storer's thread) when it
    /// has. A later call replaces an earlier `notify` still waiting.
    func isFinished(orNotify notify: @escaping @Sendable () -> Void) -> Bool {
        progress.withLock { progress in
            if progress.finished { return true }
            progress.whenFinished = notify
            return false
        }
    }

    /// Returns once the write has finished.
    func wait() {
        done.wait()
    }
}
