import ContentHash
import Dispatch
import Glibc

/// One full staging buffer of an upload on its way to the disk: hashed, then written at its offset,
/// on a writer thread, while the event loop fills the file's next buffer.
///
/// `@unchecked Sendable`: it is made on the event loop, run once on one writer thread (or on the loop
/// itself when no writer can take it), and read again on the loop only after `wait()`. The semaphore's
/// signal and wait order every access to its fields, the buffer and the digest between the two threads.
final class DirectWrite: @unchecked Sendable {
    let buffer: StagingBuffer
    private let descriptor: Int32
    private let count: Int
    private let offset: Int
    private let digest: SHA256Hasher?
    private let done = DispatchSemaphore(value: 0)
    /// The errno of a failed write; 0 when every byte was written.
    private(set) var failure: Int32 = 0

    init(descriptor: Int32, buffer: StagingBuffer, count: Int, offset: Int, digest: SHA256Hasher?) {
        self.descriptor = descriptor
        self.buffer = buffer
        self.count = count
        self.offset = offset
        self.digest = digest
    }

    /// Hashes and writes the buffer, then signals `wait()`.
    func run() {
        digest?.update(UnsafeRawBufferPointer(start: buffer.bytes, count: count))
        failure = PositionedWrite.allDirect(descriptor, UnsafeRawBufferPointer(start: buffer.bytes, count: count), at: offset)
        done.signal()
    }

    /// Returns once `run()` has finished.
    func wait() {
        done.wait()
    }
}
