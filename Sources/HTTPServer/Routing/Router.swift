/// Finds the handler for each request by method and path, and runs it inside the middleware chain.
///
/// Declare routes, middleware and static files first, then hand the router to the server (it is a
/// value: later changes to your copy do not reach the server's).
///
/// ```swift
/// var router = Router()
/// router.use(RequestIDMiddleware())
/// router.use(AccessLogMiddleware(logger: logger))
/// router.use(SecurityHeadersMiddleware())
/// router.use(ErrorMiddleware(logger: logger, renderer: .problemJSON))
/// router.get("/healthz", inline: true) { _ in .text("ok") }
/// router.get("/submissions/:reference") { request in ... request.parameters["reference"] ... }
/// router.post("/submissions/:reference/documents", body: .multipart(maxBytes: 1 << 30)) { request in
///     let form = try request.multipartForm() ...
/// }
/// router.staticFiles = try StaticFiles(root: "Public")
/// ```
///
/// Matching: literal segments before `:parameters` before a trailing `*`; parameters are
/// percent-decoded (strictly: a bad escape, an encoded NUL or a `.`/`..` segment is a 400). No matching path is a 404;
/// a matching path without the method is a 405 whose Allow lists the methods. HEAD is answered by
/// the GET route (the server drops the body). GET and HEAD requests that match no route go to
/// `staticFiles`, if set, which answers 404 for files it does not have.
public struct Router: HTTPResponder {
    private var root = RouteNode()
    /// Runs around every request the router answers, including 404s and 405s.
    public var middleware = MiddlewareChain()
    /// Serves GET and HEAD requests that match no route.
    public var staticFiles: StaticFiles?
    /// Renders an error that escapes the middleware chain (when no `ErrorMiddleware` caught it).
    public var fallbackErrorRenderer = ErrorRenderer.plainText
    /// The body rule for requests that match no route: small, since the answer will be an error.
    public var unmatchedBody = RouteBody.standard(maxBytes: 64 * 1024)

    public init() {}

    /// Declares a route. `inline` runs the handler on the event loop: only for handlers that never
    /// block and finish in microseconds.
    public mutating func on(
        _ method: HTTPMethod, _ pattern: String, body: RouteBody = .standard(), inline: Bool = false,
        _ handler: @escaping RouteHandler
    ) {
        let parsed = RoutePattern(pattern)
        let route = Route(method: method, pattern: parsed, policy: body.policy(runsInline: inline), handler: handler)
        root.insert(route, segments: parsed.segments[...])
    }

    /// Declares a GET route, which also answers HEAD. GET takes no body unless `body` says otherwise.
    public mutating func get(
        _ pattern: String, body: RouteBody = .none, inline: Bool = false, _ handler: @escaping RouteHandler
    ) {
        on(.get, pattern, body: body, inline: inline, handler)
    }

    public mutating func post(
        _ pattern: String, body: RouteBody = .standard(), inline: Bool = false, _ handler: @escaping RouteHandler
    ) {
        on(.post, pattern, body: body, inline: inline, handler)
    }

    public mutating func put(
        _ pattern: String, body: RouteBody = .standard(), inline: Bool = false, _ handler: @escaping RouteHandler
    ) {
        on(.put, pattern, body: body, inline: inline, handler)
    }

    public mutating func patch(
        _ pattern: String, body: RouteBody = .standard(), inline: Bool = false, _ handler: @escaping RouteHandler
    ) {
        on(.patch, pattern, body: body, inline: inline, handler)
    }

    public mutating func delete(
        _ pattern: String, body: RouteBody = .none, inline: Bool = false, _ handler: @escaping RouteHandler
    ) {
        on(.delete, pattern, body: body, inline: inline, handler)
    }

    /// Adds a middleware inside those added before it (the first added sees the request first).
    public mutating func use(_ middleware: any Middleware) {
        self.middleware.append(middleware)
    }

    // MARK: HTTPResponder

    public func bodyPolicy(for head: RequestHead) -> BodyPolicy {
        policy(for: resolve(head))
    }

    /// Matches once: the match rides in the head to `respond`, with the method and path it was for.
    public func prepare(_ head: inout RequestHead) -> BodyPolicy {
        let resolution = resolve(head)
        head.prepared = PreparedMatch(method: head.method, path: head.path, resolution: resolution)
        return policy(for: resolution)
    }

    func policy(for resolution: Resolution) -> BodyPolicy {
        switch resolution {
        case .route(let route, _): route.policy
        case .staticFile: StaticFiles.bodyPolicy
        case .methodNotAllowed, .notFound, .invalidPath: unmatchedBody.policy(runsInline: false)
        }
    }

    public func respond(to request: HTTPRequest) throws -> HTTPResponse {
        var request = request
        let endpoint: RouteHandler
        let resolution: Resolution
        if let prepared = request.head.prepared as? PreparedMatch, prepared.method == request.method, prepared.path == request.path {
            resolution = prepared.resolution
        } else {
            resolution = resolve(request.head)
        }
        request.head.prepared = nil
        switch resolution {
        case .route(let route, let parameters):
            request.parameters = parameters
            request.storage[MatchedRoutePattern.self] = route.pattern.description
            endpoint = route.handler
        case .staticFile(let files):
            request.storage[MatchedRoutePattern.self] = "static files"
            endpoint = { try files.respond(to: $0) }
        case .methodNotAllowed(let allowed):
            endpoint = { _ in throw RoutingError.methodNotAllowed(allowed: allowed) }
        case .notFound:
            endpoint = { _ in throw RoutingError.notFound }
        case .invalidPath:
            endpoint = { _ in throw RoutingError.invalidPath }
        }
        do {
            return try middleware.run(request, endpoint: endpoint)
        } catch {
            return fallbackErrorRenderer.render(RequestFailure(error), request)
        }
    }

    // MARK: Matching

    /// A match made in `prepare`, valid only for the method and path it was made for.
    struct PreparedMatch: Sendable {
        let method: HTTPMethod
        let path: String
        let resolution: Resolution
    }

    enum Resolution: Sendable {
        case route(Route, parameters: [String: String])
        case staticFile(StaticFiles)
        case methodNotAllowed([HTTPMethod])
        case notFound
        case invalidPath
    }

    func resolve(_ head: RequestHead) -> Resolution {
        guard let segments = Router.decodedSegments(of: head.path) else { return .invalidPath }
        var candidates: [RouteCandidate] = []
        root.matches(segments[...], parameters: [:], into: &candidates)
        for candidate in candidates {
            if let route = candidate.routes[head.method] {
                return .route(route, parameters: candidate.parameters)
            }
            if head.method == .head, let route = candidate.routes[.get] {
                return .route(route, parameters: candidate.parameters)
            }
        }
        if candidates.isEmpty {
            if let staticFiles, head.method == .get || head.method == .head { return .staticFile(staticFiles) }
            return .notFound
        }
        var allowed = Set(candidates.flatMap(\.routes.keys))
        if allowed.contains(.get) { allowed.insert(.head) }
        return .methodNotAllowed(allowed.sorted { $0.rawValue < $1.rawValue })
    }

    /// The path's non-empty segments, each percent-decoded; nil if any segment is badly encoded or
    /// is `.` or `..` (raw or encoded): browsers resolve those before sending, so only a probe sends
    /// them, and no handler should ever see `..` as a parameter it might join to a file path.
    static func decodedSegments(of path: String) -> [String]? {
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = try? PercentDecoding.decode(raw), decoded != ".", decoded != ".." else { return nil }
            segments.append(decoded)
        }
        return segments
    }
}
