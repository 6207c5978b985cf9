import ApprovalsStore
import ApprovalsWeb
import ArgumentParser
import Foundation
import HTTPServer
import Logging
import Synchronization

/// `approvals serve`: checks the settings, opens and migrates the database, and serves the web pages,
/// the API and `Public/` until SIGTERM or SIGINT, then shuts down gracefully.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the service over HTTP (flags > APPROVALS_* environment > --config file > defaults)."
    )

    @OptionGroup var options: ConfigurationOptions

    func run() throws {
        let settings: ServiceSettings
        do {
            settings = try ServiceSettings(options.resolve())
            try settings.checkDataDirectoryIsWritable()
            try settings.checkFolderExists(settings.publicDirectory, setting: Settings.publicFolder)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        var logger = settings.logFormat == .json
            ? Logger(label: "approvals") { JSONLogHandler(label: $0) }
            : Logger(label: "approvals")
        logger.logLevel = settings.logLevel

        let clock = ServiceClock(startingAt: settings.clockStart)
        if let start = settings.clockStart {
            logger.warning("THE SERVICE CLOCK IS SHIFTED: it started at \(start) and runs from there. Use only for tests and demonstrations.")
        }

        let database: ApprovalsDatabase
        do {
            database = try ApprovalsDatabase.open(dataDirectory: settings.dataDirectory, migrationsDirectory: settings.migrationsDirectory)
        } catch let error as MigrationError {
            throw ValidationError(error.description)
        }
        for migration in database.migrationsAppliedAtOpen {
            logger.notice("Applied migration \(migration.version) \(migration.name)")
        }
        var accountSettings = settings.accounts
        // Served over TLS directly, cookies must be Secure (and the pages get HSTS) whatever the flag says.
        if settings.tls != nil {
            accountSettings.secureCookies = true
            // The server speaks HTTPS itself, so its links must too.
            accountSettings.publicBaseURL = accountSettings.publicBaseURL.map { $0.hasPrefix("http://") ? "https://" + $0.dropFirst(7) : $0 }
        }
        let accounts = Accounts(database: database, settings: accountSettings, clock: { clock.now() })
        var application = WebApplication(
            publicDirectory: settings.publicDirectory, pages: try PageRenderer.bundled(), logger: logger, accounts: accounts)
        application.evidenceFileLimitBytes = settings.uploadLimitBytes
        application.apiRateLimit = APIRateLimit(perSecond: settings.apiRate.perSecond, burst: settings.apiRate.burst)
        let runningServer = RunningServer()
        let operations = OperationsEndpoints(
            readiness: ReadinessCheck(database: database, minimumFreeBytes: settings.readyMinimumFreeBytes),
            metricsAccess: MetricsAccess(allowedAddresses: settings.metricsAllow, token: settings.metricsToken),
            logger: logger, trustedProxies: settings.trustedProxies, servesTLS: settings.tls != nil,
            serverStatistics: { runningServer.statistics() })
        // Open to anyone as far as sign-in goes: /metrics checks its own address list and token.
        var router = try application.makeRouter { routes in routes.declarePublic("/readyz", "/metrics") }
        operations.install(on: &router)
        var configuration = ServerConfiguration(host: settings.host, port: settings.port)
        configuration.maxConnections = settings.maxConnections
        if let workers = settings.workers { configuration.workerCount = workers }
        if let tls = settings.tls {
            do {
                configuration.tls = try TLSContext(certificateChainFile: tls.certificate, privateKeyFile: tls.key)
            } catch {
                throw ValidationError(error.description)
            }
        }
        let server = HTTPServer(configuration: application.serverConfiguration(configuration), responder: router, logger: logger)
        runningServer.attach(server)
        logger.notice("Serving on \(settings.tls == nil ? "http" : "https")://\(settings.host):\(settings.port)/ with data in \(settings.dataDirectory.path)")
        try server.run()
        logger.notice("Stopped")
    }
}

/// The server, reachable from the metrics page, which is built before the server that serves it.
private final class RunningServer: Sendable {
    private let server = Mutex<HTTPServer?>(nil)

    func attach(_ server: HTTPServer) { self.server.withLock { $0 = server } }

    func statistics() -> ServerStatistics {
        server.withLock { $0 }?.statistics()
            ?? ServerStatistics(openConnections: 0, busyWorkers: 0, queuedRequests: 0, workerCount: 0, queueCapacity: 0, refusedRequests: 0)
    }
}
