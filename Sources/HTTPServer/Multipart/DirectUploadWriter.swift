import CLinuxIO
import ContentHash
import Glibc

/// Writes an uploaded file with O_DIRECT: the part's bytes gather in an aligned staging buffer (read
/// there by the event loop in place where it can, copied there otherwise), and each full buffer is
/// hashed on a writer thread and written on a storer thread while the loop fills the next one. Two
/// files' buffers waiting at once are hashed together, at about half the cost (`DirectWriteQueue`).
///
/// Why O_DIRECT: receiving uploads is bound by the CPU (the SHA-256 is most of it). Written through
/// the page cache, every byte was also copied by the kernel into pages it had to allocate, write back
/// and drop again: about half a CPU second per GB on the development VM, a third of the server's cost
/// per byte. With O_DIRECT the disk takes the bytes from the staging buffer.
///
/// Why writer and storer threads: an O_DIRECT write returns only once the disk has the bytes, and on
/// the loop that wait would stall every other connection the loop serves. Each file has one write in
/// flight at most, so its bytes reach the digest in order.
///
/// Why the loop asks before it reads (`isReadyForBytes`): when a file's next buffer is full while
/// the one before is still being hashed and written, taking more bytes would mean waiting for that
/// write. The loop used to wait there: under `capacity.py` its threads spent about 60% of their time
/// blocked, while other uploads' bytes waited in their sockets and the CPU was partly idle. Now the
/// loop leaves this body unread until the write is done and serves its other connections.
///
/// O_DIRECT needs the address, the length and the offset of each write aligned to the disk's logical
/// block; 4 KiB suits every disk. The last partial block is written through the page cache, after
/// turning O_DIRECT off for the file; the store's fsync makes all of it durable.
final class DirectUploadWriter {
    private let descriptor: Int32
    private let digest: SHA256Hasher?
    private var filling: StagingBuffer?
    private var filled = 0
    /// The file offset of `filling`: the bytes before it were handed to writes.
    private var handedOn = 0
    private var inFlight: DirectWrite?
    /// A failed write met while offering a receiving buffer, which cannot throw; the next `write` or
    /// `finish` throws it.
    private var deferredFailure: MultipartError?
    /// Set by `finish`: nothing more is written or offered.
    private var finished = false

    /// Room under which a receiving buffer is not offered from the current staging buffer: its whole
    /// blocks are handed on first, so that the loop reads in large pieces.
    static let minimumInPlaceRead = 64 << 10

    /// Writers and storers shared by every upload. Four writers: they hash, which is CPU work, and a
    /// lone buffer's writer may wait up to 2 ms for a partner, so a few more than the two cores (with 12
    /// uploads on 2 cores, `capacity.py`: 2 writers took in 907–1,060 MB/s, 3 and 4 took 1,010–1,237).
    /// Eight storers: they only wait for the disk, one write each, which is how the disk gets several
    /// at once; a file has at most one write in flight, so eight cover the uploads two cores can take.
    static let sharedWriters: DirectWriteQueue = {
        let writers = WorkerPool(threads: 4, queueDepth: 4_096, name: "upload-writer")
        let storers = WorkerPool(threads: 8, queueDepth: 4_096, name: "upload-storer")
        writers.start()
        storers.start()
        return DirectWriteQueue(writers: writers, storers: storers)
    }()

    private let budget: StagingBudget
    private let writers: DirectWriteQueue

    /// Nil when the file system refuses O_DIRECT or the budget has no place; the caller then writes
    /// through the page cache. `writers` is for tests, which hold a pool's threads to keep a write in
    /// flight.
    init?(descriptor: Int32, digest: SHA256Hasher?, budget: StagingBudget = .shared, writers: DirectWriteQueue = sharedWriters) {
        guard budget.admit() else { return nil }
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | clinuxio_o_direct()) == 0 else {
            budget.release()
            return nil
        }
        self.descriptor = descriptor
        self.digest = digest
        self.budget = budget
        self.writers = writers
    }

    deinit {
        defer { budget.release() }
        // Nothing may still write into the buffer or the file once they are let go.
        if let write = inFlight {
            writers.waitFor(write)
            StagingBuffer.recycle(write.buffer)
        }
        if let filling { StagingBuffer.recycle(filling) }
    }

    /// Adds bytes to the file. Bytes the loop read into `receivingBuffer` are there already and are
    /// only counted; others are copied into the staging buffer.
    func write(_ bytes: UnsafeRawBufferPointer) throws(MultipartError) {
        if let deferredFailure { throw deferredFailure }
        precondition(!finished, "an upload written after it was finished")
        guard bytes.count > 0 else { return }
        if let buffer = filling, bytes.baseAddress == UnsafeRawPointer(buffer.bytes + filled),
           bytes.count <= StagingBuffer.byteCount - filled {
            filled += bytes.count
            // A full buffer whose predecessor is still being written waits, full, for
            // `receivingBuffer` or `finish` to hand it on: `isReadyForBytes` holds the loop off meanwhile.
            if filled == StagingBuffer.byteCount && handOnWouldNotWait { try handOn(StagingBuffer.byteCount) }
            return
        }
        var from = 0
        while from < bytes.count {
            let buffer = filling ?? StagingBuffer.take()
            filling = buffer
            let count = min(StagingBuffer.byteCount - filled, bytes.count - from)
            // memmove: the source may lie further on in this very buffer, where it was read in place
            // behind bytes the parser held back.
            (buffer.bytes + filled).copyMemory(from: bytes.baseAddress! + from, byteCount: count)
            filled += count
            from += count
            if filled == StagingBuffer.byteCount { try handOn(StagingBuffer.byteCount) }
        }
    }

    /// Where the loop may read the file's next bytes (at most `limit`) so that `write` finds them in
    /// place: the staging buffer, past the bytes filled and `reserved` more (bytes the caller will
    /// write first, from elsewhere). When the buffer has too little room left, its whole blocks are
    /// handed on first and the rest carried into the next buffer.
    func receivingBuffer(after reserved: Int, upTo limit: Int) -> UnsafeMutableRawBufferPointer? {
        guard deferredFailure == nil, !finished, limit > 0 else { return nil }
        if filling == nil { filling = StagingBuffer.take() }
        if StagingBuffer.byteCount - filled - reserved < Self.minimumInPlaceRead {
            let whole = filled & ~(StagingBuffer.alignment - 1)
            guard whole > 0 else { return nil }
            do {
                try handOn(whole)
            } catch {
                deferredFailure = error
                return nil
            }
        }
        guard let buffer = filling else { return nil }
        let start = filled + reserved
        let room = min(StagingBuffer.byteCount - start, limit)
        guard room > 0 else { return nil }
        return UnsafeMutableRawBufferPointer(start: buffer.bytes + start, count: room)
    }

    /// Whether the next `receivingBuffer` (with `reserved` bytes held back) and the `write` of what is
    /// read there can go ahead without waiting for the disk: true while the staging buffer has room
    /// to read into, or no write is in flight. When false, `resume` is called (once, on a storer
    /// thread) as soon as the write in flight has finished.
    func isReadyForBytes(after reserved: Int, orResume resume: @escaping @Sendable () -> Void) -> Bool {
        guard let write = inFlight, deferredFailure == nil, !finished else { return true }
        if StagingBuffer.byteCount - filled - reserved >= Self.minimumInPlaceRead { return true }
        return write.isFinished(orNotify: resume)
    }

    /// Writes what is still in the staging buffer and waits for every write: when this returns, all
    /// the bytes are in the file (not yet durable) and in the digest.
    func finish() throws(MultipartError) {
        if let deferredFailure { throw deferredFailure }
        finished = true
        try waitForWriteInFlight()
        // The buffer stays this writer's until it is let go: the parser may still be reading the
        // bytes after the part's closing delimiter from it, where the loop read them in place.
        guard let buffer = filling else { return }
        digest?.update(UnsafeRawBufferPointer(start: buffer.bytes, count: filled))
        let aligned = filled & ~(StagingBuffer.alignment - 1)
        try check(PositionedWrite.allDirect(descriptor, UnsafeRawBufferPointer(start: buffer.bytes, count: aligned), at: handedOn))
        if filled > aligned {
            // The tail is shorter than a block, which O_DIRECT cannot write.
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~clinuxio_o_direct())
            try check(PositionedWrite.all(descriptor, UnsafeRawBufferPointer(start: buffer.bytes + aligned, count: filled - aligned),
                                        at: handedOn + aligned))
        }
        handedOn += filled
        filled = 0
    }

    /// Waits for the write in flight, if any, without reporting it: for a file being thrown away.
    func cancel() {
        guard let write = inFlight else { return }
        inFlight = nil
        writers.waitFor(write)
        StagingBuffer.recycle(write.buffer)
    }

    /// Sends the first `count` bytes of the staging buffer (whole blocks) to a writer, and goes on
    /// filling the buffer of the write before it once that write is done (or a spare), starting with
    /// the bytes of this one past `count`.
    private func handOn(_ count: Int) throws(MultipartError) {
        guard let buffer = filling else { return }
        let carried = filled - count
        filling = nil
        filled = 0
        try waitForWriteInFlight()
        let next = filling ?? StagingBuffer.take()
        filling = next
        if carried > 0 { next.bytes.copyMemory(from: buffer.bytes + count, byteCount: carried) }
        filled = carried
        let write = DirectWrite(descriptor: descriptor, buffer: buffer, count: count, offset: handedOn, digest: digest)
        handedOn += count
        inFlight = write
        // A pool that cannot take the job (never, short of thousands of uploads at once) leaves it to
        // the loop, which is slower but loses nothing.
        if !writers.submit(write) { write.run() }
    }

    /// Whether no write is in flight or it has finished, so that `handOn` would not wait for it.
    private var handOnWouldNotWait: Bool {
        inFlight?.isFinished ?? true
    }

    private func waitForWriteInFlight() throws(MultipartError) {
        guard let write = inFlight else { return }
        inFlight = nil
        writers.waitFor(write)
        if filling == nil { filling = write.buffer } else { StagingBuffer.recycle(write.buffer) }
        try check(write.failure)
    }

    private func check(_ failure: Int32) throws(MultipartError) {
        guard failure == 0 else { throw .temporaryFileWriteFailed(failure) }
    }
}
