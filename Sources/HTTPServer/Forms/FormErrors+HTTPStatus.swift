/// Badly encoded text from the client is a 400.
extension PercentDecoding.Failure: HTTPStatusError {
    public var status: HTTPStatus { .badRequest }

    public var clientMessage: String {
        switch self {
        case .invalidEscape: "The request has a % that is not followed by two hex digits."
        case .invalidUTF8: "The request has percent-encoded text that is not UTF-8."
        case .nulByte: "The request has an encoded NUL character."
        }
    }
}

/// A form or query string that cannot be read is a 400; one with too many fields a 413.
extension FormFields.Failure: HTTPStatusError {
    public var status: HTTPStatus {
        switch self {
        case .invalidEncoding: .badRequest
        case .tooManyFields: .contentTooLarge
        }
    }

    public var clientMessage: String {
        switch self {
        case .invalidEncoding(let failure): failure.clientMessage
        case .tooManyFields(let limit): "The form has more than \(limit) fields."
        }
    }
}
