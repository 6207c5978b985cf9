import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import HTTPServer
import Logging

/// The whole service over real sockets and a real SQLite file loaded with the demo data, for the
/// awarding organisations' pages: a hand-moved clock (to cross window deadlines) and a chosen
/// evidence file limit (to cross it without uploading 100 MB).
final class OrganisationService {
    let folder: URL
    let database: ApprovalsDatabase
    let accounts: Accounts
    let server: HTTPServer
    let clock: TestClock
    let port: UInt16
    let passwords: [String: String]
    let start: Date

    static let editor = "editor@northbridge.example"
    static let otherEditor = "editor@harbour.example"

    init(evidenceFileLimit: Int = 100_000_000) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("approvals-organisation-\(UUID().uuidString)")
        var options = ApprovalsDatabase.Options()
        options.durability = .normal
        database = try ApprovalsDatabase.open(dataDirectory: folder,
                                              migrationsDirectory: AccountsService.packageRoot.appendingPathComponent("Migrations"), options: options)
        start = Date()
        clock = TestClock(start)
        _ = try DemoData.load(into: RecordStore(database: database), now: start)
        let hasher = PasswordHasher(costN: 1 << 10, blockSize: 8, parallelism: 1)
        let signIns = try DemoSignIns.assignPasswords(in: AccountStore(database: database), hash: hasher.hash, at: start)
        passwords = Dictionary(uniqueKeysWithValues: signIns.map { ($0.email, $0.password) })
        let clock = self.clock
        accounts = Accounts(database: database, hasher: hasher, clock: { clock.now() })
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        var application = WebApplication(publicDirectory: AccountsService.packageRoot.appendingPathComponent("Public"),
                                         pages: try PageRenderer.bundled(), logger: logger, accounts: accounts)
        application.evidenceFileLimitBytes = evidenceFileLimit
        server = HTTPServer(configuration: application.serverConfiguration(ServerConfiguration(host: "127.0.0.1", port: 0)),
                            responder: try application.makeRouter(), logger: logger)
        try server.start()
        port = UInt16(server.port!)
    }

    deinit {
        server.shutdown()
        server.waitUntilStopped()
        try? database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    var records: RecordStore { accounts.records }

    func signedIn(_ email: String = OrganisationService.editor) throws -> WebClient {
        let client = WebClient(port: port)
        try client.get("/sign-in")
        let response = try client.post("/sign-in", [("email", email), ("password", passwords[email] ?? "")])
        guard response.status == 303 else { throw WebClient.ClientError(message: "sign-in as \(email) gave \(response.status)") }
        return client
    }

    func actor(_ email: String) throws -> Actor {
        guard let user = try records.user(email: email) else { throw WebClient.ClientError(message: "no user \(email)") }
        return user.actor
    }

    var currentCycle: Cycle { get throws { try records.cycle(code: DemoData.currentCycleCode) } }

    /// The demo cycle's submission window closes at the start plus 28 days.
    func moveClock(to instant: Date) { clock.advance(instant.timeIntervalSince(clock.now())) }
}

extension WebClient {
    /// Posts a multipart/form-data body: fields, then files (field name, file name, bytes), with the
    /// CSRF token of the last page unless told otherwise.
    @discardableResult
    func upload(_ path: String, fields: [(String, String)], files: [(String, String, [UInt8])], csrf: CSRFChoice = .fromLastPage) throws -> Response {
        let boundary = "----approvals-test-\(UUID().uuidString)"
        var body: [UInt8] = []
        var all = fields
        switch csrf {
        case .fromLastPage: if let token = lastCSRFToken { all.append(("csrf_token", token)) }
        case .value(let token): all.append(("csrf_token", token))
        case .none: break
        }
        for (name, value) in all {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, filename, bytes) in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
            body += bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return try send("POST", path, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: body)
    }

    /// The path of a 303's Location, for following it.
    func follow(_ response: Response) throws -> Response {
        guard response.status == 303, let location = response.location else { throw ClientError(message: "expected a redirect, got \(response.status)") }
        return try get(location)
    }
}

/// Files whose content says what they are, whatever they are called.
enum SampleFiles {
    static func pdf(_ text: String) -> [UInt8] { Array("%PDF-1.7\n\(text)\n%%EOF\n".utf8) }
    /// An ELF executable's first bytes: named .pdf in the tests, refused by its content.
    static let executable: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + [UInt8](repeating: 0, count: 64)
}
