import Glibc

/// The default body sink: keeps up to `memoryLimit` bytes in memory and moves the body to a temporary
/// file once it grows beyond, so a large upload costs disk, not memory.
public final class SpoolingBodySink: RequestBodySink {
    /// Bodies up to this size stay in memory.
    public static let defaultMemoryLimit = 64 * 1024

    private let memoryLimit: Int
    private let directory: String
    private var buffer: [UInt8] = []
    private var fileDescriptor: Int32 = -1
    private var filePath: String?
    private var written = 0

    /// - Parameters:
    ///   - memoryLimit: bytes kept in memory before spilling to disk.
    ///   - directory: where spooled files go; `TMPDIR` or `/tmp` when nil.
    public init(memoryLimit: Int = SpoolingBodySink.defaultMemoryLimit, directory: String? = nil) {
        self.memoryLimit = memoryLimit
        self.directory = directory ?? TemporaryDirectory.path
    }

    deinit {
        if fileDescriptor >= 0 { close(fileDescriptor) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        written += bytes.count
        if fileDescriptor < 0 && buffer.count + bytes.count <= memoryLimit {
            buffer.append(contentsOf: bytes)
            return
        }
        if fileDescriptor < 0 {
            try openFile()
            let pending = buffer
            buffer = []
            try pending.withUnsafeBytes { try writeAll($0) }
        }
        try writeAll(bytes)
    }

    public func finish() throws -> RequestBody {
        guard let filePath else { return .bytes(buffer) }
        close(fileDescriptor)
        fileDescriptor = -1
        return RequestBody(content: .file(path: filePath, count: written), temporaryFiles: [filePath])
    }

    public func abort() {
        if fileDescriptor >= 0 {
            close(fileDescriptor)
            fileDescriptor = -1
        }
        if let filePath { unlink(filePath) }
        filePath = nil
        buffer = []
    }

    private func openFile() throws {
        var template = Array((directory + "/http-body-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw HTTPError(.internalServerError, "The request body could not be stored.")
        }
        // Spooled files must not leak into processes the handlers might start.
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        fileDescriptor = descriptor
        filePath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw HTTPError(.internalServerError, "The request body could not be stored.")
            }
            offset += count
        }
    }
}

/// The directory for temporary files: `TMPDIR` if set, else `/tmp`.
enum TemporaryDirectory {
    static var path: String {
        if let value = getenv("TMPDIR"), value.pointee != 0 {
            var text = String(validatingCString: value) ?? "/tmp"
            while text.count > 1 && text.hasSuffix("/") { text.removeLast() }
            return text
        }
        return "/tmp"
    }
}
