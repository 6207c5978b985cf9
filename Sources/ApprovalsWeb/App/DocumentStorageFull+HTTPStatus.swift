public import ApprovalsStore
public import HTTPServer

/// A full documents disk is answered 503 with Retry-After and the store's own message (what happened,
/// that nothing saved before is harmed, and the way forward), wherever an upload handler lets the
/// error through, instead of the anonymous 500 of an unexpected failure.
extension DocumentStorageFull: HTTPStatusError, HTTPHeaderCarryingError {
    public var status: HTTPStatus { .serviceUnavailable }
    public var clientMessage: String { description }
    public var responseHeaders: HTTPHeaders { ["Retry-After": "300"] }
}
