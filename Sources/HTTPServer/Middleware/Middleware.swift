/// A step every request passes through on its way to the route's handler and back: it may change the
/// request, answer without calling `next`, or change the response `next` returns.
///
/// ```swift
/// struct Timing: Middleware {
///     func handle(_ request: HTTPRequest, next: (HTTPRequest) throws -> HTTPResponse) throws -> HTTPResponse {
///         var response = try next(request)
///         response.headers.add("Server-Timing", "app")
///         return response
///     }
/// }
/// ```
/// Handlers run on worker threads and may block, so middleware is synchronous too.
public protocol Middleware: Sendable {
    func handle(_ request: HTTPRequest, next: (HTTPRequest) throws -> HTTPResponse) throws -> HTTPResponse
}

/// Middleware in order, the first added being the outermost (it sees the request first and the
/// response last). The order that keeps every guarantee: request id, access log, security headers,
/// error mapping, then anything of the application's own.
public struct MiddlewareChain: Sendable {
    public private(set) var middlewares: [any Middleware]

    public init(_ middlewares: [any Middleware] = []) {
        self.middlewares = middlewares
    }

    public mutating func append(_ middleware: any Middleware) {
        middlewares.append(middleware)
    }

    /// Runs `request` through every middleware and finally `endpoint`.
    public func run(_ request: HTTPRequest, endpoint: (HTTPRequest) throws -> HTTPResponse) throws -> HTTPResponse {
        try run(from: 0, request, endpoint)
    }

    private func run(
        from index: Int, _ request: HTTPRequest, _ endpoint: (HTTPRequest) throws -> HTTPResponse
    ) throws -> HTTPResponse {
        guard index < middlewares.count else { return try endpoint(request) }
        return try middlewares[index].handle(request) { try run(from: index + 1, $0, endpoint) }
    }
}
