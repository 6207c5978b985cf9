public import Approvals
import Foundation
public import HTTPServer

/// Declares routes together with who may use them. Every route of the service goes through here
/// (or is declared public with `declarePublic`), and `AccessMiddleware` refuses any matched route
/// without a declaration: access is denied by default, never forgotten.
///
/// ```swift
/// routes.page("/users/:id", .read, .users(.unknownYet)) { request, visit in ... }
/// routes.form("/users/invite", .manageUsers, .users(.unknownYet), page: invitePage) { request, visit, form in ... }
/// routes.api("/api/v1/submissions") { request, visit in ... }   // GET only: the API cannot write
/// ```
public struct GuardedRoutes {
    public var router: Router
    private(set) var rules: [String: RouteRule] = [:]

    public init(router: Router) { self.router = router }

    /// A page (GET, also HEAD).
    public mutating func page(_ pattern: String, _ action: AccessAction, _ resource: ProtectedResource,
                              _ handler: @escaping @Sendable (HTTPRequest, Visit) throws -> HTTPResponse) {
        declare(.get, pattern, RouteRule(action: action, resource: resource))
        router.get(pattern) { request in try handler(request, try request.visit) }
    }

    /// A form's POST. The CSRF token is checked before `handler` runs; when it is missing or wrong the
    /// form comes back with what was typed, a message, and status 403, and `handler` never runs.
    public mutating func form(_ pattern: String, _ action: AccessAction, _ resource: ProtectedResource, page: any FormPage,
                              _ handler: @escaping @Sendable (HTTPRequest, Visit, FormFields) throws -> HTTPResponse) {
        declare(.post, pattern, RouteRule(action: action, resource: resource))
        router.post(pattern, body: .standard(maxBytes: 64 * 1024)) { request in
            let visit = try request.visit
            let fields = try request.formFields(maxBytes: 64 * 1024)
            guard CSRFToken.isValid(fields[CSRFField.name], sessionSecret: visit.csrfSecret) else {
                return try page.render(request, visit, FormState(fields, errors: [.csrf]), status: .forbidden)
            }
            return try handler(request, visit, fields)
        }
    }

    /// A read-only API endpoint under /api/. There is no way to declare another method here, and the
    /// bearer middleware refuses any other method on /api/ before routing matters.
    public mutating func api(_ pattern: String, _ handler: @escaping @Sendable (HTTPRequest, Visit) throws -> HTTPResponse) {
        precondition(pattern.hasPrefix("/api/"), "API routes live under /api/")
        declare(.get, pattern, RouteRule(action: .read, resource: .api))
        router.get(pattern) { request in try handler(request, try request.visit) }
    }

    /// Routes registered on `router` directly that anyone may GET (health check, start page).
    public mutating func declarePublic(_ patterns: String...) {
        for pattern in patterns { declare(.get, pattern, RouteRule(action: .read, resource: .publicPage)) }
    }

    mutating func declare(_ method: HTTPMethod, _ pattern: String, _ rule: RouteRule) {
        rules[Self.key(method, pattern)] = rule
    }

    static func key(_ method: HTTPMethod, _ pattern: String) -> String {
        "\(method == .head ? HTTPMethod.get.rawValue : method.rawValue) \(RoutePattern(pattern).description)"
    }
}

/// What one route declared.
struct RouteRule: Sendable, Equatable {
    let action: AccessAction
    let resource: ProtectedResource
}

/// The hidden form field that carries the CSRF token.
public enum CSRFField {
    public static let name = "csrf_token"
}

extension GuardedRoutes {
    /// The router with the visit and access middleware added after what is already there (inside the
    /// error middleware, so that refusals get the service's error pages). Without `accounts` every
    /// visitor is anonymous.
    public func guarded(by accounts: Accounts?) -> Router {
        var router = self.router
        let visits: any Middleware = if let accounts { SessionMiddleware(accounts: accounts) } else { AnonymousVisitMiddleware() }
        router.use(visits)
        router.use(AccessMiddleware(rules: rules))
        return router
    }
}
