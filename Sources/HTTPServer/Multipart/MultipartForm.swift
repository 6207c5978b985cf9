/// A parsed multipart/form-data body as a handler sees it: plain fields in memory, uploaded files
/// on disk under names of our own.
///
/// The temporary files belong to the request: the server deletes them after the response is sent,
/// so a handler that keeps an upload must move it (rename) or copy it before returning.
public struct MultipartForm: Sendable, Equatable {
    /// Parts without a filename, in order.
    public var fields: FormFields
    /// Parts with a filename, in order.
    public var files: [UploadedFile]

    public init(fields: FormFields = FormFields(), files: [UploadedFile] = []) {
        self.fields = fields
        self.files = files
    }

    /// The first file sent under the form field `name`.
    public func file(_ name: String) -> UploadedFile? {
        files.first { $0.fieldName == name }
    }

    /// Every file sent under `name` (an `<input type=file multiple>`).
    public func files(_ name: String) -> [UploadedFile] {
        files.filter { $0.fieldName == name }
    }
}

/// One uploaded file, already complete on disk.
public struct UploadedFile: Sendable, Equatable {
    /// The form field it was sent under.
    public var fieldName: String
    /// The client's filename made safe by `UploadFilename` (display and metadata only); nil when the
    /// client gave none or nothing safe was left of it.
    public var filename: String?
    /// The Content-Type the client declared for the part. Declared, not verified: sniff or check the
    /// bytes before trusting it.
    public var contentType: String?
    /// Where the bytes are: a file with a random name in the server's temporary directory.
    public var temporaryPath: String
    /// The number of bytes received.
    public var size: Int
    /// The SHA-256 of those bytes (lower-case hexadecimal), computed as they arrived, when the route's
    /// sink was asked to (`MultipartBodySink(digestingFiles: true)`); nil otherwise.
    public var sha256: String?

    public init(fieldName: String, filename: String?, contentType: String?, temporaryPath: String, size: Int, sha256: String? = nil) {
        self.fieldName = fieldName
        self.filename = filename
        self.contentType = contentType
        self.temporaryPath = temporaryPath
        self.size = size
        self.sha256 = sha256
    }
}
