/// An error that needs header fields on its response, such as Allow on a 405 or Retry-After on a 429.
public protocol HTTPHeaderCarryingError: HTTPStatusError {
    var responseHeaders: HTTPHeaders { get }
}

/// What an error means for the client: the status, a message safe to show, and any header fields.
///
/// An `HTTPStatusError` gives its own status and message. Any other error is a fault on our side:
/// a 500 with a fixed message, so no internal detail (SQL, paths, stack) reaches the client.
public struct RequestFailure: Sendable {
    public var status: HTTPStatus
    public var message: String
    public var headers: HTTPHeaders
    /// True when the error did not say which status it is (a bug or an unexpected failure).
    public var isUnexpected: Bool

    public static let unexpectedMessage = "Sorry, something went wrong on our side. Please try again later."

    public init(_ error: any Error) {
        if let known = error as? any HTTPStatusError {
            status = known.status
            message = known.clientMessage
            headers = (known as? any HTTPHeaderCarryingError)?.responseHeaders ?? [:]
            isUnexpected = false
        } else {
            status = .internalServerError
            message = RequestFailure.unexpectedMessage
            headers = [:]
            isUnexpected = true
        }
    }

    public init(status: HTTPStatus, message: String, headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
        self.isUnexpected = false
    }
}
