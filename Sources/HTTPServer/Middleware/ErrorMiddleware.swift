public import Logging

/// Turns errors thrown further in into responses: an `HTTPStatusError` into its status and message,
/// anything else into a 500 that says nothing of the cause. Unexpected errors are logged in full
/// (with the request id) so the cause is found in the log, not in the browser.
public struct ErrorMiddleware: Middleware {
    public var logger: Logger
    public var renderer: ErrorRenderer

    public init(logger: Logger, renderer: ErrorRenderer = .plainText) {
        self.logger = logger
        self.renderer = renderer
    }

    public func handle(_ request: HTTPRequest, next: (HTTPRequest) throws -> HTTPResponse) throws -> HTTPResponse {
        do {
            return try next(request)
        } catch {
            let failure = RequestFailure(error)
            if failure.isUnexpected {
                logger.error(
                    "unexpected error",
                    metadata: [
                        "request_id": "\(request.requestID)",
                        "route": "\(request.storage[MatchedRoutePattern.self] ?? "unmatched")",
                        "error": "\(String(reflecting: error))",
                    ])
            }
            return renderer.render(failure, request)
        }
    }
}
