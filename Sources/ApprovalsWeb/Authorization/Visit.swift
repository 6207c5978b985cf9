public import Approvals
import ApprovalsStore
import Foundation
public import HTTPServer

/// Who is asking, as the session or bearer middleware found out, and the one way a handler asks the
/// access policy about a record it has loaded. Handlers never decide access themselves: they call
/// `require`, which asks `AccessPolicy`, audits what it hides and throws the right answer.
public struct Visit: Sendable {
    /// The signed-in person or API client; nil for an anonymous visitor.
    public let actor: Actor?
    /// The organisations the actor has declared a conflict of interest with.
    public let conflicts: Set<OrganisationID>
    /// The token every form of this visit must carry back.
    public let csrfToken: String
    /// The secret the CSRF token derives from: the session's identifier, or the visitor cookie's.
    let csrfSecret: String
    /// The digest of the signed-in session, when there is one.
    let sessionSHA256: String?
    /// A session part-way through sign-in (the one-time code still to come), when there is one.
    let pendingSignIn: OpenSession?
    /// Where hidden requests are audited; nil in a visit built without a database.
    let auditStore: AccountStore?
    let path: String
    let clock: @Sendable () -> Date

    init(actor: Actor?, conflicts: Set<OrganisationID> = [], csrfSecret: String, sessionSHA256: String? = nil,
         pendingSignIn: OpenSession? = nil, auditStore: AccountStore?, path: String, clock: @escaping @Sendable () -> Date) {
        self.actor = actor
        self.conflicts = conflicts
        self.csrfSecret = csrfSecret
        self.csrfToken = CSRFToken.make(sessionSecret: csrfSecret)
        self.sessionSHA256 = sessionSHA256
        self.pendingSignIn = pendingSignIn
        self.auditStore = auditStore
        self.path = path
        self.clock = clock
    }

    /// The policy's decision for this visit.
    public func decision(_ action: AccessAction, _ resource: ProtectedResource) -> AccessDecision {
        AccessPolicy.decide(actor, action, resource, conflicts: conflicts)
    }

    /// Goes on only if the policy allows `action` on `resource`. A hidden resource is answered exactly
    /// like one that does not exist (404), after an `access_refused` audit event naming the record.
    public func require(_ action: AccessAction, _ resource: ProtectedResource, recordType: String, recordID: String) throws {
        switch decision(action, resource) {
        case .allowed:
            return
        case .signInRequired:
            throw AccessRefusal.signInRequired
        case .forbidden(let reason):
            throw AccessRefusal.forbidden(reason)
        case .hidden:
            if let actor, let auditStore {
                try auditStore.recordRefusedAccess(by: actor, recordType: recordType, recordID: recordID,
                                                   action: action.rawValue, path: path, at: clock())
            }
            throw RoutingError.notFound
        }
    }

    /// The signed-in actor, for handlers behind a route that already required one.
    public func signedInActor() throws -> Actor {
        guard let actor else { throw AccessRefusal.signInRequired }
        return actor
    }
}

/// Where the session middleware leaves the visit for the handlers.
public enum VisitKey: RequestStorageKey {
    public typealias Value = Visit
}

extension HTTPRequest {
    /// The visit the session middleware resolved.
    public var visit: Visit {
        get throws {
            guard let visit = storage[VisitKey.self] else { throw AccessRefusal.noVisit }
            return visit
        }
    }
}

/// A request the access policy refused, as an HTTP answer.
public enum AccessRefusal: Error, HTTPStatusError, HTTPHeaderCarryingError, Equatable {
    /// No one is signed in (pages redirect to sign-in before this is thrown; the API answers 401).
    case signInRequired
    /// Signed in, but not allowed; the reason is safe to show.
    case forbidden(String)
    /// An API request with a token that is unknown, expired or revoked.
    case invalidToken
    /// A route that declared no access rule: refused whoever asks (deny by default).
    case undeclaredRoute
    /// A handler ran without the session middleware in front of it: a wiring fault.
    case noVisit

    public var status: HTTPStatus {
        switch self {
        case .signInRequired, .invalidToken: .unauthorized
        case .forbidden, .undeclaredRoute: .forbidden
        case .noVisit: .internalServerError
        }
    }

    public var clientMessage: String {
        switch self {
        case .signInRequired: "Sign in to see this page. API clients: send your token as Authorization: Bearer <token>."
        case .forbidden(let reason): reason
        case .invalidToken: "The API token is not valid: it is unknown, has expired or has been revoked. Ask the Institute for a new one."
        case .undeclaredRoute: "This page is not available."
        case .noVisit: RequestFailure.unexpectedMessage
        }
    }

    public var responseHeaders: HTTPHeaders {
        switch self {
        case .signInRequired: ["WWW-Authenticate": "Bearer realm=\"approvals\""]
        case .invalidToken: ["WWW-Authenticate": "Bearer realm=\"approvals\", error=\"invalid_token\""]
        default: [:]
        }
    }
}
