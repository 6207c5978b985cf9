import Approvals
import Foundation
import HTTPServer

/// Enforces what each route declared through `GuardedRoutes`, before its handler runs: anonymous
/// visitors are sent to sign in (pages) or answered 401 (API), roles that may not are answered 403,
/// and a matched route with no declaration is refused whoever asks.
struct AccessMiddleware: Middleware {
    let rules: [String: RouteRule]

    func handle(_ request: HTTPRequest, next: (HTTPRequest) throws -> HTTPResponse) throws -> HTTPResponse {
        // No pattern: the router found no route (its 404/405 follows). Static files are public.
        guard let pattern = request.storage[MatchedRoutePattern.self], pattern != "static files" else { return try next(request) }
        // The router's pattern is already in the canonical form the rules are keyed by, so the key is
        // built without parsing the pattern again on every request; the parsed key is the fallback.
        let method = request.method == .head ? HTTPMethod.get.rawValue : request.method.rawValue
        guard let rule = rules[method + " " + pattern] ?? rules[GuardedRoutes.key(request.method, pattern)] else {
            throw AccessRefusal.undeclaredRoute
        }
        let visit = try request.visit
        switch visit.decision(rule.action, rule.resource) {
        case .allowed:
            return try next(request)
        case .signInRequired:
            if APIPath.contains(request.path) { throw AccessRefusal.signInRequired }
            return SignInRedirect.response(returningTo: request)
        case .forbidden(let reason):
            throw AccessRefusal.forbidden(reason)
        case .hidden:
            try visit.require(rule.action, rule.resource, recordType: "route", recordID: pattern)
            throw RoutingError.notFound
        }
    }
}

/// The redirect to the sign-in page, remembering where the person was going (a path on this site only).
enum SignInRedirect {
    static func response(returningTo request: HTTPRequest) -> HTTPResponse {
        var target = request.method == .get || request.method == .head ? request.head.target : request.path
        if !SafeReturnPath.isSafe(target) { target = "/" }
        var query = FormFields()
        query.append("next", target)
        return redirect(to: "/sign-in?" + query.urlEncoded)
    }

    static func redirect(to location: String) -> HTTPResponse {
        HTTPResponse(status: .seeOther, headers: ["Location": location, "Cache-Control": "no-store"])
    }
}

/// Where a person may be sent back to after signing in: a path on this site, never another origin
/// (`//evil.example`, `/\evil.example`, `https://…`), so the sign-in page cannot be used to send
/// people elsewhere.
enum SafeReturnPath {
    static func isSafe(_ path: String) -> Bool {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.hasPrefix("/\\"), path.count <= 2000 else { return false }
        return !path.unicodeScalars.contains { $0.value < 0x20 || $0 == "\\" }
    }
}
