/// What answers a request once the router has matched it. Runs on a worker thread unless the route
/// was declared inline, and may block.
public typealias RouteHandler = @Sendable (HTTPRequest) throws -> HTTPResponse

/// One declared route: method, pattern, body rules and handler.
struct Route: Sendable {
    var method: HTTPMethod
    var pattern: RoutePattern
    var policy: BodyPolicy
    var handler: RouteHandler
}

/// The pattern of the route that matched the request (`/submissions/:reference`), which the router
/// puts in `request.storage` for logs and metrics: it names the route without any value from the
/// path, so it is safe to log.
public enum MatchedRoutePattern: RequestStorageKey {
    public typealias Value = String
}
