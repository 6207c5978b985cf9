public import Foundation

/// How accounts and sessions behave. Defaults follow NCSC guidance for a service like this; every
/// value is a setting of the deployment.
public struct AccountSettings: Sendable {
    /// Mark cookies `Secure` (and use the `__Host-` name prefix): on whenever the service is served
    /// over HTTPS, directly or behind a proxy that terminates TLS.
    public var secureCookies = false
    /// A session unused this long ends.
    public var idleTimeout: TimeInterval = 30 * 60
    /// A session ends this long after sign-in, however active.
    public var absoluteLifetime: TimeInterval = 12 * 60 * 60
    /// Administrators must use a one-time code at sign-in (and set one up first if they have none).
    public var requireSecondFactorForAdmins = false
    public var invitationLifetime: TimeInterval = 7 * 24 * 60 * 60
    public var passwordResetLifetime: TimeInterval = 2 * 60 * 60
    /// The address links in messages start with (`https://approvals.example`); when nil, links
    /// are built from the Host of the request that made them.
    public var publicBaseURL: String?

    public init() {}

    /// The session cookie's name: `__Host-` tells browsers to accept it only when Secure, for this
    /// host alone and for the whole site, so a sibling subdomain cannot plant one.
    var sessionCookieName: String { secureCookies ? "__Host-approvals-session" : "approvals-session" }
    /// The anonymous visitor's cookie, which carries the secret behind the sign-in form's CSRF token.
    var visitorCookieName: String { secureCookies ? "__Host-approvals-visitor" : "approvals-visitor" }
}
