import CLinuxIO
import Glibc

/// Writes an uploaded file with O_DIRECT: the event loop copies the part's bytes into an aligned
/// staging buffer, and each full buffer is hashed and written on a writer thread while the loop fills
/// the next one.
///
/// Why O_DIRECT: receiving uploads is bound by the CPU (the SHA-256 is most of it). Written through
/// the page cache, every byte was also copied by the kernel into pages it had to allocate, write back
/// and drop again: about half a CPU second per GB on the development VM, a third of the server's cost
/// per byte. With O_DIRECT the disk takes the bytes from the staging buffer.
///
/// Why a writer thread: an O_DIRECT write returns only once the disk has the bytes, and on the loop
/// that wait would stall every other connection the loop serves. Each file has one write in flight
/// at most, so its bytes reach the disk and the digest in order, and the loop waits only when the disk
/// is slower than the network.
///
/// O_DIRECT needs the address, the length and the offset of each write aligned to the disk's logical
/// block; 4 KiB suits every disk. The last partial block is written through the page cache, after
/// turning O_DIRECT off for the file; the store's fsync makes all of it durable.
final class DirectUploadWriter {
    private let descriptor: Int32
    private let digest: UploadDigest?
    private var filling: StagingBuffer?
    private var filled = 0
    /// The file offset of `filling`: the bytes before it were handed to writes.
    private var handedOn = 0
    private var inFlight: DirectWrite?

    /// Writers shared by every upload. Four, so that the disk can have several writes queued when
    /// several files are arriving; they mostly wait for the disk, so they cost little CPU time.
    private static let writers: WorkerPool = {
        let pool = WorkerPool(threads: 4, queueDepth: 4_096, name: "upload-writer")
        pool.start()
        return pool
    }()

    /// Nil when the file system refuses O_DIRECT; the caller then writes through the page cache.
    init?(descriptor: Int32, digest: UploadDigest?) {
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | clinuxio_o_direct()) == 0 else { return nil }
        self.descriptor = descriptor
        self.digest = digest
    }

    deinit {
        // Nothing may still write into the buffer or the file once they are let go.
        inFlight?.wait()
        if let buffer = inFlight?.buffer { StagingBuffer.recycle(buffer) }
        if let filling { StagingBuffer.recycle(filling) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(MultipartError) {
        var from = 0
        while from < bytes.count {
            let buffer = filling ?? StagingBuffer.take()
            filling = buffer
            let count = min(StagingBuffer.byteCount - filled, bytes.count - from)
            (buffer.bytes + filled).copyMemory(from: bytes.baseAddress! + from, byteCount: count)
            filled += count
            from += count
            if filled == StagingBuffer.byteCount { try handOn(buffer) }
        }
    }

    /// Writes what is still in the staging buffer and waits for every write: when this returns, all
    /// the bytes are in the file (not yet durable) and in the digest.
    func finish() throws(MultipartError) {
        try waitForWriteInFlight()
        guard let buffer = filling else { return }
        filling = nil
        defer { StagingBuffer.recycle(buffer) }
        digest?.update(UnsafeRawBufferPointer(start: buffer.bytes, count: filled))
        let aligned = filled & ~(StagingBuffer.alignment - 1)
        try check(PositionedWrite.all(descriptor, UnsafeRawBufferPointer(start: buffer.bytes, count: aligned), at: handedOn))
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
        write.wait()
        StagingBuffer.recycle(write.buffer)
    }

    /// Sends a full buffer to a writer, and goes on filling the buffer of the write before it once that
    /// write is done (or a spare).
    private func handOn(_ buffer: StagingBuffer) throws(MultipartError) {
        let count = filled
        filling = nil
        filled = 0
        try waitForWriteInFlight()
        let write = DirectWrite(descriptor: descriptor, buffer: buffer, count: count, offset: handedOn, digest: digest)
        handedOn += count
        inFlight = write
        // A pool that cannot take the job (never, short of thousands of uploads at once) leaves it to
        // the loop, which is slower but loses nothing.
        if !Self.writers.submit({ write.run() }) { write.run() }
    }

    private func waitForWriteInFlight() throws(MultipartError) {
        guard let write = inFlight else { return }
        inFlight = nil
        write.wait()
        if filling == nil { filling = write.buffer } else { StagingBuffer.recycle(write.buffer) }
        try check(write.failure)
    }

    private func check(_ failure: Int32) throws(MultipartError) {
        guard failure == 0 else { throw .storageFailed(reason: "cannot write a temporary file: \(String(cString: strerror(failure)))") }
    }
}
