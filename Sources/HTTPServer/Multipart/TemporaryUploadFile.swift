import ContentHash
import Glibc

/// A file being written for one uploaded part: created with a random name we choose (never the
/// client's), readable only by us, and removed again if the upload does not complete.
final class TemporaryUploadFile {
    /// How the bytes go to the file: with O_DIRECT where the file system allows it, else through the
    /// page cache.
    enum Writing {
        case direct(DirectUploadWriter)
        case buffered(BufferedUploadWriter)
    }

    let path: String
    private(set) var size = 0
    private var descriptor: Int32
    /// The SHA-256 of what was written, when asked for; the writer updates it.
    private let digest: SHA256Hasher?
    private let writing: Writing

    /// Whether the file is written with O_DIRECT (for tests).
    var isDirect: Bool {
        if case .direct = writing { true } else { false }
    }

    /// Creates a new file in `directory`. `O_EXCL | O_NOFOLLOW` make sure we never write through a
    /// file or link someone else placed there. `direct: false` writes through the page cache even where
    /// O_DIRECT would work.
    init(directory: String, digesting: Bool = false, direct: Bool = true) throws(MultipartError) {
        let digest = digesting ? SHA256Hasher() : nil
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
                self.digest = digest
                if direct, let writer = DirectUploadWriter(descriptor: opened, digest: digest) {
                    writing = .direct(writer)
                } else {
                    writing = .buffered(BufferedUploadWriter(descriptor: opened, digest: digest))
                }
                return
            }
            if errno != EEXIST { break }
        }
        throw .storageFailed(reason: "cannot create a temporary file in \(directory)")
    }

    deinit {
        if descriptor >= 0 {
            if case .direct(let writer) = writing { writer.cancel() }
            Glibc.close(descriptor)
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(MultipartError) {
        switch writing {
        case .direct(let writer): try writer.write(bytes)
        case .buffered(let writer): try writer.write(bytes)
        }
        size += bytes.count
    }

    /// Where the file's next bytes may be read in place (see `DirectUploadWriter.receivingBuffer`); nil
    /// when written through the page cache.
    func receivingBuffer(after reserved: Int, upTo limit: Int) -> UnsafeMutableRawBufferPointer? {
        guard case .direct(let writer) = writing else { return nil }
        return writer.receivingBuffer(after: reserved, upTo: limit)
    }

    /// Whether the file can take its next bytes without waiting for the disk (see
    /// `DirectUploadWriter.isReadyForBytes`); through the page cache it always can.
    func isReadyForBytes(after reserved: Int, orResume resume: @escaping @Sendable () -> Void) -> Bool {
        guard case .direct(let writer) = writing else { return true }
        return writer.isReadyForBytes(after: reserved, orResume: resume)
    }

    /// The SHA-256 of the bytes written, in hexadecimal; nil unless made with `digesting`. Call after
    /// `close()`, which finishes the writes.
    func finishDigest() -> String? {
        digest?.finalizeHex()
    }

    /// Finishes the writes and closes the file, keeping it.
    func close() throws(MultipartError) {
        guard descriptor >= 0 else { return }
        // A failure leaves the file open for `discard()`, which the reader's abort calls.
        if case .direct(let writer) = writing { try writer.finish() }
        let result = Glibc.close(descriptor)
        descriptor = -1
        guard result == 0 else { throw .storageFailed(reason: "cannot close a temporary file") }
    }

    /// Closes and deletes the file.
    func discard() {
        if descriptor >= 0 {
            if case .direct(let writer) = writing { writer.cancel() }
            _ = Glibc.close(descriptor)
            descriptor = -1
        }
        unlink(path)
    }
}
