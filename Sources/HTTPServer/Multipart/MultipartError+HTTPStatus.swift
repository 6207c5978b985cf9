/// The status each multipart failure is answered with: the client's mistakes are 400, a declared
/// body that is not multipart is 415, a body over one of our limits is 413, and our own storage
/// failure is 500 (without saying more).
extension MultipartError: HTTPStatusError {
    public var status: HTTPStatus {
        switch self {
        case .notFormData: .unsupportedMediaType
        case .invalidBoundary, .malformed, .missingClosingDelimiter: .badRequest
        case .tooManyParts, .partHeaderTooLarge, .fieldTooLarge, .fieldsTooLarge, .fileTooLarge: .contentTooLarge
        case .storageFailed: .internalServerError
        }
    }

    public var clientMessage: String {
        switch self {
        case .notFormData: "Expected a multipart/form-data body."
        case .invalidBoundary: "The multipart boundary is missing or invalid."
        case .malformed(let reason): "The multipart body is malformed: \(reason)."
        case .missingClosingDelimiter: "The multipart body ended early."
        case .tooManyParts(let limit): "The form has more than \(limit) parts."
        case .partHeaderTooLarge(let limit): "A part's headers are longer than \(limit) bytes."
        case .fieldTooLarge(let name, let limit): "The field \(name) is longer than \(limit) bytes."
        case .fieldsTooLarge(let limit): "The form's fields are longer than \(limit) bytes in all."
        case .fileTooLarge(let name, let limit): "The file in \(name) is larger than \(limit) bytes."
        case .storageFailed: "The upload could not be stored."
        }
    }
}
