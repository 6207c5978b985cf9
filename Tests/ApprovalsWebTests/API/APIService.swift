import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPServer
import Logging

/// The whole service on a loopback port over a fresh data folder with the demo data, and an API token
/// for the tests to call with.
final class APIService {
    let folder: URL
    let database: ApprovalsDatabase
    let server: HTTPServer
    let baseURL: URL
    let token: String

    /// `bulk` submitted submissions are added to the demo data (`BulkData`), for lists of many pages.
    init(rateLimit: APIRateLimit = APIRateLimit(perSecond: 1000, burst: 10_000), log: APILogRecorder? = nil, bulk: Int = 0) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("approvals-api-\(UUID().uuidString)")
        var options = ApprovalsDatabase.Options()
        options.durability = .normal
        database = try ApprovalsDatabase.open(dataDirectory: folder, migrationsDirectory: AccountsService.packageRoot.appendingPathComponent("Migrations"),
                                              options: options)
        let now = Date()
        _ = try DemoData.load(into: RecordStore(database: database), now: now)
        try BulkData.load(bulk, into: RecordStore(database: database), now: now)
        let accounts = Accounts(database: database)
        token = try APITokenIssuer(store: accounts.store).create(name: "Ofqual sync", expiresAt: now.addingTimeInterval(86_400),
                                                                 by: Actor(id: UserID("admin"), roles: [.admin]), at: now).token
        var logger = log.map { recorder in Logger(label: "test") { _ in recorder } } ?? Logger(label: "test")
        logger.logLevel = log == nil ? .critical : .info
        var application = WebApplication(publicDirectory: AccountsService.packageRoot.appendingPathComponent("Public"),
                                         pages: try PageRenderer.bundled(), logger: logger, accounts: accounts)
        application.apiRateLimit = rateLimit
        server = HTTPServer(configuration: application.serverConfiguration(ServerConfiguration(host: "127.0.0.1", port: 0)), responder: try application.makeRouter(), logger: logger)
        try server.start()
        baseURL = URL(string: "http://127.0.0.1:\(server.port!)")!
    }

    deinit {
        server.shutdown()
        server.waitUntilStopped()
        try? database.close()
        try? FileManager.default.removeItem(at: folder)
    }

    struct Answer {
        let status: Int
        let headers: HTTPURLResponse
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.value(forHTTPHeaderField: name) }
        var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
        var next: String? { (object["links"] as? [String: Any])?["next"] as? String }
    }

    /// One request with the token (unless `authorised` is false).
    func get(_ path: String, method: String = "GET", authorised: Bool = true, headers: [String: String] = [:]) async throws -> Answer {
        var request = URLRequest(url: URL(string: path, relativeTo: baseURL)!)
        request.httpMethod = method
        if authorised { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if method == "POST" || method == "PUT" || method == "PATCH" { request.httpBody = Data("{}".utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return Answer(status: http.statusCode, headers: http, body: data)
    }

    /// Every item of a list, following `links.next` with the given page size.
    func all(_ path: String, limit: Int = 200) async throws -> (items: [[String: Any]], pages: Int) {
        var next: String? = path + (path.contains("?") ? "&" : "?") + "limit=\(limit)"
        var items: [[String: Any]] = []
        var pages = 0
        while let path = next {
            let answer = try await get(path)
            guard answer.status == 200 else { throw APITestError(message: "\(path) gave \(answer.status): \(answer.text)") }
            items += answer.items
            pages += 1
            next = answer.next
        }
        return (items, pages)
    }
}

struct APITestError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
