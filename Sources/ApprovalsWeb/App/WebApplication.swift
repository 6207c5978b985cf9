public import Foundation
public import HTTPServer
public import Logging

/// The service as the HTTP server sees it: every route, the middleware around them, and the static
/// files of `Public/`. The same domain calls serve the pages for people and the JSON for DfE and
/// Ofqual; nothing about the rules lives here.
public struct WebApplication: Sendable {
    public let publicDirectory: URL
    public let pages: PageRenderer
    public let logger: Logger
    /// Sign-in, sessions, users and tokens; nil serves every visitor as anonymous (public pages only).
    public let accounts: Accounts?
    /// The API's rate limit per token; `approvals serve` sets it from its `api-rate` and `api-burst`
    /// settings, tests set their own.
    public var apiRateLimit = APIRateLimit.configured()
    /// The largest evidence file an awarding organisation may upload, in bytes (`upload-limit-mb`).
    public var evidenceFileLimitBytes = 100_000_000

    public init(publicDirectory: URL, pages: PageRenderer, logger: Logger, accounts: Accounts? = nil) {
        self.publicDirectory = publicDirectory
        self.pages = pages
        self.logger = logger
        self.accounts = accounts
    }

    /// The router with its middleware, routes and static files, ready to hand to `HTTPServer`.
    /// `extra` declares further guarded routes (tests' probes).
    public func makeRouter(registering extra: (inout GuardedRoutes) -> Void = { _ in }) throws -> Router {
        var router = Router()
        // Outermost first: every response, errors included, gets an id, a log line and the headers.
        router.use(RequestIDMiddleware())
        router.use(AccessLogMiddleware(logger: logger))
        router.use(securityHeaders)
        router.use(ErrorMiddleware(logger: logger, renderer: errorRenderer))
        router.fallbackErrorRenderer = errorRenderer
        HealthRoutes.register(on: &router)
        HomeRoutes(pages: pages).register(on: &router)
        router.staticFiles = try StaticFiles(root: publicDirectory.path)
        // Every route declares who may use it; undeclared routes are refused (see GuardedRoutes).
        var routes = GuardedRoutes(router: router)
        routes.declarePublic("/healthz", "/")
        if let accounts { AccountRoutes(accounts: accounts, pages: pages).register(on: &routes) }
        if let accounts { AwardingOrganisationRoutes(accounts: accounts, pages: pages, evidenceFileLimit: evidenceFileLimitBytes).register(on: &routes) }
        if let accounts { InstituteRoutes(accounts: accounts, pages: pages).register(on: &routes) }
        if let accounts { try APIRoutes(database: accounts.records.database, pages: pages, rateLimit: apiRateLimit, logger: logger, clock: accounts.clock).register(on: &routes) }
        extra(&routes)
        return routes.guarded(by: accounts)
    }

    /// The browser-hardening fields every response carries.
    /// HSTS is sent only when the service is reached over HTTPS (secure cookies on): over plain HTTP a
    /// browser ignores it anyway, and a mistaken one on a test host would lock browsers out of it.
    var securityHeaders: SecurityHeadersMiddleware {
        SecurityHeadersMiddleware(strictTransportSecurityMaxAge: accounts?.settings.secureCookies == true ? 31_536_000 : nil)
    }

    /// The server configuration for this application: the given one, with the security headers also
    /// on the responses the server makes itself (refused requests, deadlines, 503 when busy).
    public func serverConfiguration(_ base: ServerConfiguration) -> ServerConfiguration {
        var configuration = base
        configuration.serverResponseHeaders = securityHeaders.fields
        configuration.serverErrorRenderer = ErrorRenderer.choosing { APIPath.contains($0.path) ? .problemJSON : .plainText }
        return configuration
    }

    /// JSON problems for the API, the service's own error page for people.
    var errorRenderer: ErrorRenderer {
        let pages = self.pages
        return ErrorRenderer.choosing { request in
            APIPath.contains(request.path) ? .problemJSON : ErrorPage(pages: pages).renderer
        }
    }
}
