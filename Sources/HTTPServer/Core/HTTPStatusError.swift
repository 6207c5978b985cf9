/// An error that knows which response status it should become.
///
/// Body sinks throw these to say "413" or "400" for a body they refuse; handlers may throw them too.
/// The server answers any other error from a sink or handler with 500.
public protocol HTTPStatusError: Error {
    var status: HTTPStatus { get }
    /// A short, client-safe explanation written as the plain-text body of the error response.
    var clientMessage: String { get }
}

extension HTTPStatusError {
    public var clientMessage: String { status.reasonPhrase }
}

/// The plain `HTTPStatusError`: a status and a message for the client.
public struct HTTPError: HTTPStatusError, Equatable {
    public var status: HTTPStatus
    public var clientMessage: String

    public init(_ status: HTTPStatus, _ clientMessage: String? = nil) {
        self.status = status
        self.clientMessage = clientMessage ?? status.reasonPhrase
    }
}
