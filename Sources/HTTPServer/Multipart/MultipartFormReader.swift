/// Reads a multipart/form-data body chunk by chunk into a `MultipartForm`: plain fields into memory
/// (bounded by `MultipartLimits`), file parts straight into temporary files as their bytes arrive.
///
/// Used by one thread at a time (the event loop that owns the request). If anything fails, or
/// `abort()` is called, every file it created is deleted; after `finish()` the files are the
/// caller's to delete.
public final class MultipartFormReader {
    private enum OpenPart {
        case field(name: String, value: [UInt8])
        case file(head: MultipartPartHead, file: TemporaryUploadFile)
    }

    private var parser: MultipartParser
    private let limits: MultipartLimits
    private let directory: String
    private let digestingFiles: Bool
    private var fields = FormFields()
    private var fieldBytes = 0
    private var files: [(upload: UploadedFile, file: TemporaryUploadFile)] = []
    private var openPart: OpenPart?

    /// - Parameters:
    ///   - directory: where file parts are written (a directory only this server writes to).
    ///   - digestingFiles: compute each file's SHA-256 as it is written (`UploadedFile.sha256`).
    public init(boundary: MultipartBoundary, limits: MultipartLimits = .standard, directory: String, digestingFiles: Bool = false) {
        self.parser = MultipartParser(boundary: boundary, limits: limits)
        self.limits = limits
        self.directory = directory
        self.digestingFiles = digestingFiles
    }

    deinit {
        // A reader dropped without finish() must not leave files behind.
        if openPart != nil || !parser.isComplete { abort() }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(MultipartError) {
        do {
            try parser.feed(bytes) { (event: MultipartEvent) throws(MultipartError) in
                try self.handle(event)
            }
        } catch {
            abort()
            throw error
        }
    }

    /// Where the next bytes may be read in place: inside a file part's content, the file's staging
    /// buffer, past room for the bytes the parser holds back (a possible delimiter's start, which it
    /// hands on first if no delimiter follows). Nil anywhere else.
    public func receivingBuffer(upTo limit: Int) -> UnsafeMutableRawBufferPointer? {
        guard case .file(_, let file) = openPart, let held = parser.heldBackContentBytes else { return nil }
        return file.receivingBuffer(after: held, upTo: limit)
    }

    /// Whether the next bytes can be taken without waiting for the disk: false only inside a file
    /// part whose staging buffers are all on their way to the disk; `resume` is then called once,
    /// on another thread, when they can.
    public func isReadyForBytes(orResume resume: @escaping @Sendable () -> Void) -> Bool {
        guard case .file(_, let file) = openPart else { return true }
        return file.isReadyForBytes(after: parser.heldBackContentBytes ?? 0, orResume: resume)
    }

    /// Ends the body and returns the form; throws if the closing delimiter never came.
    public func finish() throws(MultipartError) -> MultipartForm {
        do {
            try parser.finish()
        } catch {
            abort()
            throw error
        }
        return MultipartForm(fields: fields, files: files.map(\.upload))
    }

    /// Deletes every file written so far and forgets the form.
    public func abort() {
        if case .file(_, let file) = openPart { file.discard() }
        openPart = nil
        for entry in files { entry.file.discard() }
        files = []
    }

    private func handle(_ event: MultipartEvent) throws(MultipartError) {
        switch event {
        case .partBegin(let head):
            if head.isFile {
                openPart = .file(head: head, file: try TemporaryUploadFile(directory: directory, digesting: digestingFiles))
            } else {
                openPart = .field(name: head.name, value: [])
            }
        case .partBytes(let bytes):
            switch openPart {
            case .field(let name, var value):
                guard value.count + bytes.count <= limits.maxFieldBytes else {
                    throw .fieldTooLarge(name: name, limit: limits.maxFieldBytes)
                }
                guard fieldBytes + bytes.count <= limits.maxTotalFieldBytes else {
                    throw .fieldsTooLarge(limit: limits.maxTotalFieldBytes)
                }
                fieldBytes += bytes.count
                openPart = nil  // keep `value` uniquely referenced while appending
                value.append(contentsOf: bytes)
                openPart = .field(name: name, value: value)
            case .file(let head, let file):
                if let maxFileBytes = limits.maxFileBytes, file.size + bytes.count > maxFileBytes {
                    throw .fileTooLarge(name: head.name, limit: maxFileBytes)
                }
                try file.write(bytes)
            case nil:
                throw .malformed(reason: "content outside a part")
            }
        case .partEnd:
            switch openPart {
            case .field(let name, let value):
                guard let text = String(validating: value, as: UTF8.self) else {
                    throw .malformed(reason: "field \(name) is not UTF-8")
                }
                fields.append(name, text)
            case .file(let head, let file):
                try file.close()
                // A file input left empty is sent as a part with filename="" and no content.
                if head.filename == nil && file.size == 0 {
                    file.discard()
                } else {
                    let upload = UploadedFile(
                        fieldName: head.name, filename: head.filename, contentType: head.contentType,
                        temporaryPath: file.path, size: file.size, sha256: file.finishDigest())
                    files.append((upload, file))
                }
            case nil:
                throw .malformed(reason: "a part ended that never began")
            }
            openPart = nil
        }
    }
}
