import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Finds out who is asking and leaves a `Visit` in the request's storage for the access middleware
/// and the handlers.
///
/// - Pages: the session cookie, checked against the store (ended, idle, past its absolute expiry or
///   its user deactivated all count as no session); an anonymous visitor gets a visitor cookie whose
///   secret backs the CSRF token of the sign-in form.
/// - `/api/` (as the router reads it: `/%61pi/` is the same path): only `Authorization: Bearer <token>`, never cookies (so a browser cannot be tricked into
///   calling it), and only GET and HEAD: any other method is refused before a handler could run.
struct SessionMiddleware: Middleware {
    let accounts: Accounts

    func handle(_ request: HTTPRequest, next: (HTTPRequest) throws -> HTTPResponse) throws -> HTTPResponse {
        var request = request
        if APIPath.contains(request.path) {
            guard request.method == .get || request.method == .head else {
                throw RoutingError.methodNotAllowed(allowed: [.get, .head])
            }
            request.storage[VisitKey.self] = try apiVisit(request)
            return try next(request)
        }
        // Static files and the health check never need to know who asks: no database read for them.
        let pattern = request.storage[MatchedRoutePattern.self]
        if pattern == "static files" || pattern == "/healthz" {
            request.storage[VisitKey.self] = visit(actor: nil, conflicts: [], csrfSecret: "", sessionSHA256: nil, pending: nil, request)
            return try next(request)
        }
        let now = accounts.now
        let cookies = request.cookies
        if let secret = cookies[accounts.settings.sessionCookieName],
           let open = try accounts.store.openSession(SessionSecret.digest(secret), at: now, idleTimeout: accounts.settings.idleTimeout) {
            // Activity is written at most once a minute: enough for a 30-minute idle limit, and most
            // page views stay reads.
            if now.timeIntervalSince(open.session.lastSeenAt) >= 60 {
                try accounts.store.touchSession(open.session.idSHA256, at: now)
            }
            if open.session.stage == .signedIn {
                let actor = open.holder.user.actor
                request.storage[AccessLogIdentity.self]?.record("user:\(actor.id.rawValue)")
                let conflicts = actor.has(.reviewer) ? try accounts.store.declaredConflicts(reviewer: actor.id) : []
                request.storage[VisitKey.self] = visit(actor: actor, conflicts: conflicts, csrfSecret: secret,
                                                       sessionSHA256: open.session.idSHA256, pending: nil, request)
            } else {
                request.storage[VisitKey.self] = visit(actor: nil, conflicts: [], csrfSecret: secret,
                                                       sessionSHA256: open.session.idSHA256, pending: open, request)
            }
            return try next(request)
        }
        // Anonymous: reuse the visitor secret, or make one and send it with the response.
        let existing = cookies[accounts.settings.visitorCookieName].flatMap { Base64URL.decode($0)?.count == 32 ? $0 : nil }
        let secret = existing ?? SessionSecret.make()
        request.storage[VisitKey.self] = visit(actor: nil, conflicts: [], csrfSecret: secret, sessionSHA256: nil, pending: nil, request)
        var response = try next(request)
        if existing == nil, !response.headers.values("Set-Cookie").contains(where: { $0.hasPrefix(accounts.settings.sessionCookieName + "=") }),
           let cookie = try? SetCookie(name: accounts.settings.visitorCookieName, value: secret, secure: accounts.settings.secureCookies,
                                       httpOnly: true, sameSite: .lax) {
            response.headers.add("Set-Cookie", cookie.headerValue)
        }
        return response
    }

    func apiVisit(_ request: HTTPRequest) throws -> Visit {
        guard let authorization = request.headers.first("Authorization") else {
            return visit(actor: nil, conflicts: [], csrfSecret: "", sessionSHA256: nil, pending: nil, request)
        }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw AccessRefusal.invalidToken }
        let digest = SessionSecret.digest(Self.trimmed(parts[1]))
        let now = accounts.now
        // Checked against the store on every request (no cache): a token revoked by the `approvals
        // tokens` command in another process is refused from its very next use.
        guard let token = try accounts.store.useToken(digest, at: now) else { throw AccessRefusal.invalidToken }
        request.storage[AccessLogIdentity.self]?.record("token:\(token.name)")
        return visit(actor: token.actor, conflicts: [], csrfSecret: "", sessionSHA256: nil, pending: nil, request)
    }

    /// The token with the white space around it removed. A token is ASCII: its spaces and tabs are
    /// cut without Foundation's character sets, which cost a third of the token check; other text
    /// goes through them as before.
    static func trimmed(_ token: Substring) -> String {
        let utf8 = token.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return String(token).trimmingCharacters(in: .whitespaces) }
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = utf8.firstIndex(where: { !isBlank($0) }), let last = utf8.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(token[first...last])
    }

    func visit(actor: Actor?, conflicts: Set<OrganisationID>, csrfSecret: String, sessionSHA256: String?,
               pending: OpenSession?, _ request: HTTPRequest) -> Visit {
        Visit(actor: actor, conflicts: conflicts, csrfSecret: csrfSecret, sessionSHA256: sessionSHA256, pendingSignIn: pending,
              auditStore: accounts.store, path: request.path, clock: accounts.clock)
    }
}

/// Without a database (the skeleton's own tests) every visitor is anonymous, so the access rules
/// still apply: public pages work and everything else asks for a sign-in that cannot happen.
struct AnonymousVisitMiddleware: Middleware {
    func handle(_ request: HTTPRequest, next: (HTTPRequest) throws -> HTTPResponse) throws -> HTTPResponse {
        var request = request
        request.storage[VisitKey.self] = Visit(actor: nil, csrfSecret: SessionSecret.make(), auditStore: nil,
                                               path: request.path, clock: { Date() })
        return try next(request)
    }
}
