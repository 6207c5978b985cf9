import Synchronization

/// An aligned buffer an upload's bytes are gathered in before an O_DIRECT write, which needs the
/// memory's address aligned to the disk's logical block.
///
/// Buffers are kept for reuse rather than freed: on the development VM memory never touched before
/// is the dearest there is (each fresh page faults in the host too), and a busy window would otherwise
/// take a fresh megabyte for every megabyte uploaded.
///
/// `@unchecked Sendable`: its bytes are used by one thread at a time. The event loop fills it, hands it
/// with the write (`DirectWrite`) to one writer thread, which hashes it and hands it to one storer
/// thread through the storers' queue, and touches it again only after that write's semaphore has been
/// signalled; the queue and the semaphore order the threads' accesses.
final class StagingBuffer: @unchecked Sendable {
    static let byteCount = 1 << 20
    static let alignment = 4096
    /// Spare buffers kept beyond this many are freed: enough for the uploads of a busy window, without
    /// holding memory a quiet one does not need.
    static let sparesKept = 32

    let bytes: UnsafeMutableRawPointer

    private init() {
        bytes = UnsafeMutableRawPointer.allocate(byteCount: Self.byteCount, alignment: Self.alignment)
    }

    deinit { bytes.deallocate() }

    private static let spares = Mutex<[StagingBuffer]>([])

    /// A spare buffer, or a new one when none is spare.
    static func take() -> StagingBuffer {
        spares.withLock { $0.popLast() } ?? StagingBuffer()
    }

    /// Gives a buffer back for the next upload.
    static func recycle(_ buffer: StagingBuffer) {
        spares.withLock { spares in
            if spares.count < sparesKept { spares.append(buffer) }
        }
    }
}
