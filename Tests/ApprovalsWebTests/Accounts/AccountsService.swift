import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import HTTPServer
import Logging
import Synchronization

/// A clock the test moves by hand, to cross idle and absolute expiries and throttle windows.
final class TestClock: Sendable {
    private let instant: Mutex<Date>
    init(_ start: Date) { instant = Mutex(start) }
    func now() -> Date { instant.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// The whole service with accounts, on a loopback port, over a fresh data folder loaded with the
/// demo data and the demo sign-ins, plus a few probe routes declared through the same guarded
/// routes as every real one (a submission page, a review page, an API endpoint, an undeclared route).
/// The awarding organisations' tests use it too, as `OrganisationService`, with a chosen evidence
/// file limit (to cross it without uploading 100 MB).
final class AccountsService {
    let folder: URL
    let database: ApprovalsDatabase
    let accounts: Accounts
    let server: HTTPServer
    let clock: TestClock
    let port: UInt16
    /// email → password of every demo person.
    let passwords: [String: String]

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init(settings: AccountSettings = AccountSettings(), limits: SignInThrottle.Limits = SignInThrottle.Limits(),
         evidenceFileLimit: Int? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("approvals-accounts-\(UUID().uuidString)")
        var options = ApprovalsDatabase.Options()
        options.durability = .normal
        database = try ApprovalsDatabase.open(dataDirectory: folder, migrationsDirectory: Self.packageRoot.appendingPathComponent("Migrations"),
                                              options: options)
        let start = Date()
        clock = TestClock(start)
        _ = try DemoData.load(into: RecordStore(database: database), now: start)
        // Cheap scrypt parameters: the tests check behaviour, not cost (production uses N = 2^15).
        let hasher = PasswordHasher(costN: 1 << 10, blockSize: 8, parallelism: 1)
        let signIns = try DemoSignIns.assignPasswords(in: AccountStore(database: database), hash: hasher.hash, at: start)
        passwords = Dictionary(uniqueKeysWithValues: signIns.map { ($0.email, $0.password) })
        let clock = self.clock
        accounts = Accounts(database: database, settings: settings, hasher: hasher, throttle: SignInThrottle(limits: limits),
                            clock: { clock.now() })
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        var application = WebApplication(publicDirectory: Self.packageRoot.appendingPathComponent("Public"),
                                         pages: try PageRenderer.bundled(), logger: logger, accounts: accounts)
        if let evidenceFileLimit { application.evidenceFileLimitBytes = evidenceFileLimit }
        let records = accounts.records
        let router = try application.makeRouter { routes in Self.registerProbes(&routes, records: records) }
        server = HTTPServer(configuration: application.serverConfiguration(ServerConfiguration(host: "127.0.0.1", port: 0)),
                            responder: router, logger: logger)
        try server.start()
        port = UInt16(server.port!)
    }

    deinit {
        server.shutdown()
        server.waitUntilStopped()
        try? database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    static func registerProbes(_ routes: inout GuardedRoutes, records: RecordStore) {
        routes.page("/probe/submissions/:id", .read, .organisationRecord(nil)) { request, visit in
            let id = request.parameters["id"] ?? ""
            guard let submission = try? records.record(Submission.self, id: id) else { throw RoutingError.notFound }
            try visit.require(.read, .organisationRecord(OrganisationRecordFacts(owner: submission.organisationID, submitted: !submission.versions.isEmpty)),
                              recordType: "submission", recordID: id)
            return .text(submission.reference.description)
        }
        routes.page("/probe/reviews/:id", .read, .review(nil)) { request, visit in
            let id = request.parameters["id"] ?? ""
            guard let review = try? records.record(Review.self, id: id) else { throw RoutingError.notFound }
            try visit.require(.read, .review(ReviewFacts(organisation: review.organisationID, assignedReviewer: review.reviewerID)),
                              recordType: "review", recordID: id)
            return .text(review.reference.description)
        }
        routes.api("/api/v1/probe") { _, visit in
            .text("read by \(visit.actor?.displayName ?? "nobody")")
        }
        // Registered on the router directly, with no declaration: must be refused whoever asks.
        routes.router.get("/probe/undeclared") { _ in .text("should never be seen") }
        routes.router.post("/probe/undeclared") { _ in .text("should never run") }
    }

    func client() -> WebClient { WebClient(port: port) }

    /// A client signed in as `email` (its demo password), or fails the test.
    func signedIn(_ email: String) throws -> WebClient {
        let client = client()
        try client.get("/sign-in")
        let response = try client.post("/sign-in", [("email", email), ("password", passwords[email] ?? "")])
        guard response.status == 303 else { throw WebClient.ClientError(message: "sign-in as \(email) gave \(response.status)") }
        return client
    }

    var auditActions: [StoredAuditEvent] {
        get throws { try RecordStore(database: database).auditEvents(after: 0, limit: 100_000) }
    }

    func makeToken(name: String = "Ofqual sync", expiresIn: TimeInterval = 86_400) throws -> (String, APIToken) {
        try APITokenIssuer(store: accounts.store).create(name: name, expiresAt: clock.now().addingTimeInterval(expiresIn),
                                                         by: Actor(id: UserID("admin"), roles: [.admin]), at: clock.now())
    }
}
