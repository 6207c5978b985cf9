import Synchronization

/// An aligned buffer an upload's bytes are gathered in before an O_DIRECT write, which needs the
/// memory's address aligned to the disk's logical block.
///
/// Buffers are kept for reuse rather than freed: on the development VM memory never touched before
/// is the dearest there is (each fresh page faults in the host too), and a busy window would otherwise
/// take a fresh megabyte for every megabyte uploaded.
///
/// Two buffers share one `HugePageMemory`, so that each lies in a huge page where the kernel has one
/// to give.
///
/// `@unchecked Sendable`: its bytes are used by one thread at a time. The event loop fills it, hands it
/// to one writer thread with the write (`DirectWrite`), and touches it again only after that write's
/// semaphore has been signalled, which orders the two threads' accesses.
final class StagingBuffer: @unchecked Sendable {
    static let byteCount = 1 << 20
    static let alignment = 4096
    /// Spare buffers kept beyond this many are freed: enough for the uploads of a busy window, without
    /// holding memory a quiet one does not need.
    static let sparesKept = 32

    let bytes: UnsafeMutableRawPointer
    /// Kept for as long as either buffer in it is.
    private let memory: HugePageMemory

    private init(_ memory: HugePageMemory, half: Int) {
        self.memory = memory
        bytes = memory.bytes + half * Self.byteCount
    }

    private static let spares = Mutex<[StagingBuffer]>([])

    /// A spare buffer, or a new one when none is spare (and its twin becomes a spare).
    static func take() -> StagingBuffer {
        spares.withLock { spares in
            if let spare = spares.popLast() { return spare }
            let memory = HugePageMemory()
            spares.append(StagingBuffer(memory, half: 1))
            return StagingBuffer(memory, half: 0)
        }
    }

    /// Gives a buffer back for the next upload.
    static func recycle(_ buffer: StagingBuffer) {
        spares.withLock { spares in
            if spares.count < sparesKept { spares.append(buffer) }
        }
    }
}
