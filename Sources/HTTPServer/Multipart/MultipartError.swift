/// Why a multipart/form-data body was refused. Each case says which rule the body broke, so the
/// server can answer with the right status and the client with a useful message.
public enum MultipartError: Error, Equatable, Sendable {
    /// The Content-Type is not `multipart/form-data`.
    case notFormData
    /// The Content-Type has no boundary, or one that breaks RFC 2046 (1–70 allowed characters, no
    /// trailing space).
    case invalidBoundary
    /// The body breaks the grammar of RFC 2046 / RFC 7578; `reason` says where, for logs and clients.
    case malformed(reason: String)
    /// The body holds more parts than the configured limit.
    case tooManyParts(limit: Int)
    /// One part's header block is longer than the configured limit.
    case partHeaderTooLarge(limit: Int)
    /// A plain (non-file) field's value is longer than the configured limit.
    case fieldTooLarge(name: String, limit: Int)
    /// All plain fields together are longer than the configured limit.
    case fieldsTooLarge(limit: Int)
    /// One uploaded file is longer than the configured limit.
    case fileTooLarge(name: String, limit: Int)
    /// The body ended before the closing delimiter (`--boundary--`).
    case missingClosingDelimiter
    /// A temporary file for an uploaded part could not be created or written.
    case storageFailed(reason: String)
}
