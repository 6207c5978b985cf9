public import ApprovalsStore
public import Foundation
public import Logging
import HTTPServer

/// The read-only JSON API for DfE and Ofqual under `/api/v1/`. Every endpoint is a GET (HEAD too);
/// the bearer middleware of the accounts layer refuses other methods (405) and missing or bad tokens
/// (401) before any of this runs. Field names are snake_case; times ISO 8601 UTC; lists are objects
/// with `items` and `links.next` (cursor paging, 50 by default, 200 at most); `.csv` after a list's
/// name gives the same list, filtered the same way, as streamed CSV.
public struct APIRoutes: Sendable {
    public let reader: APIReader
    public let rateLimit: APIRateLimit
    public let logger: Logger
    public let clock: @Sendable () -> Date
    let reference: APIReference

    public init(database: ApprovalsDatabase, pages: PageRenderer, rateLimit: APIRateLimit = APIRateLimit(), logger: Logger,
                clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.reader = APIReader(database: database)
        self.reference = try APIReference.load(pages: pages)
        self.rateLimit = rateLimit
        self.logger = logger
        self.clock = clock
    }

    /// The lists served at `/api/v1/<name>` and `/api/v1/<name>.csv`.
    static let topLevelLists: [(path: String, list: APIList)] = [
        ("cycles", .cycles), ("routes", .routes), ("categories", .categories), ("organisations", .organisations),
        ("registrations", .registrations), ("proposals", .proposals), ("submissions", .submissions),
        ("decisions", .decisions), ("exceptions", .exceptions), ("approved-qualifications", .approvedQualifications),
    ]

    public func register(on routes: inout GuardedRoutes) {
        let gate = APIGate(rateLimit: rateLimit, logger: logger, clock: clock)
        let reader = self.reader
        func api(_ pattern: String, _ handler: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) {
            routes.api(pattern) { request, visit in try gate.run(request, visit, handler) }
        }
        for (path, list) in Self.topLevelLists {
            let endpoint = APIListEndpoint(reader: reader, list: list)
            api("/api/v1/\(path)") { try endpoint.json($0) }
            api("/api/v1/\(path).csv") { try endpoint.csv($0) }
        }
        let standards = APIListEndpoint(reader: reader, list: .standards)
        api("/api/v1/cycles/:id/standards") { request in
            let id = request.parameters["id"] ?? ""
            guard try reader.cycle(id: id) != nil else { throw APIProblem.notFound("cycle") }
            return try standards.json(request) { $0.cycleID = id }
        }
        api("/api/v1/cycles/:id/standards.csv") { request in
            let id = request.parameters["id"] ?? ""
            guard try reader.cycle(id: id) != nil else { throw APIProblem.notFound("cycle") }
            return try standards.csv(request) { $0.cycleID = id }
        }
        let single: [(String, String, @Sendable (String) throws -> APIObject?)] = [
            ("cycles", "cycle", reader.cycle(id:)), ("organisations", "organisation", reader.organisation(id:)),
            ("registrations", "registration of intent", reader.registration(id:)), ("proposals", "proposal", reader.proposal(id:)),
            ("submissions", "submission", reader.submission(id:)), ("decisions", "decision", reader.decision(submissionID:)),
            ("exceptions", "late-submission exception", reader.exception(id:)),
        ]
        for (path, name, load) in single {
            api("/api/v1/\(path)/:id") { request in
                try APIListParameters.refuseAnyParameter(request)
                guard let object = try load(request.parameters["id"] ?? "") else { throw APIProblem.notFound(name) }
                return try APIRepresentation.json(object, for: request)
            }
        }
        api("/api/v1/changes") { request in try APIChangeFeed(reader: reader).respond(request) }
        let documents = APIDocumentEndpoint(reader: reader)
        api("/api/v1/documents/:id") { request in
            try APIListParameters.refuseAnyParameter(request)
            return try documents.respond(request)
        }
        reference.register(on: &routes)
    }
}
