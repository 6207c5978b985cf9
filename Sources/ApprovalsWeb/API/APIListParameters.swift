import ApprovalsStore
import Approvals
import Foundation
import HTTPServer

/// Reads a list's query string into an `APIListQuery`, refusing with a 400 problem any parameter the
/// list does not know and any value it cannot read, so that a typo never silently widens a result.
///
/// Parameters: `organisation`, `cycle`, `level` (2 or 3), `route`, `status`, `updated_since` (ISO
/// 8601 UTC instant) where the list supports them; `after` (a cursor from `links.next`); `limit`
/// (1–200, default 50).
struct APIListParameters {
    static let defaultLimit = 50
    static let maximumLimit = 200

    static func query(_ request: HTTPRequest, filters: Set<APIFilter>) throws -> APIListQuery {
        let fields: FormFields
        do { fields = try request.queryParameters(maxFields: 20) } catch {
            throw APIProblem.invalidParameter(name: "query", detail: "the query string cannot be read.")
        }
        var query = APIListQuery(limit: defaultLimit)
        var seen = Set<String>()
        for field in fields {
            guard seen.insert(field.name).inserted else {
                throw APIProblem.invalidParameter(name: field.name, detail: "give it once only.")
            }
            let value = field.value
            if let filter = APIFilter(rawValue: field.name) {
                guard filters.contains(filter) else {
                    throw APIProblem.invalidParameter(name: field.name, detail: "this list cannot be filtered by it.")
                }
                try apply(filter, value, to: &query)
                continue
            }
            switch field.name {
            case "after":
                guard let position = APICursor.decode(value) else {
                    throw APIProblem.invalidParameter(name: "after", detail: "use the cursor from the next link of the previous page.")
                }
                query.after = position
            case "limit":
                guard let limit = Int(value), (1...maximumLimit).contains(limit) else {
                    throw APIProblem.invalidParameter(name: "limit", detail: "give a whole number from 1 to \(maximumLimit).")
                }
                query.limit = limit
            default:
                throw APIProblem.invalidParameter(name: field.name, detail: "this endpoint does not know it.")
            }
        }
        return query
    }

    private static func apply(_ filter: APIFilter, _ value: String, to query: inout APIListQuery) throws {
        guard !value.isEmpty, value.count <= 200 else {
            throw APIProblem.invalidParameter(name: filter.rawValue, detail: "give a value of 1 to 200 characters.")
        }
        switch filter {
        case .organisation: query.organisationID = value
        case .cycle: query.cycleID = value
        case .route: query.route = value
        case .status: query.status = value
        case .level:
            guard let level = Int(value), level == 2 || level == 3 else {
                throw APIProblem.invalidParameter(name: "level", detail: "give 2 or 3.")
            }
            query.level = level
        case .updatedSince:
            // The same strict form the API sends: 2025-03-21T16:55:00Z or with milliseconds.
            guard value.hasSuffix("Z"), value.count >= 20, let instant = StoreTime.parse(value) else {
                throw APIProblem.invalidParameter(name: "updated_since", detail: "give an ISO 8601 UTC instant such as 2025-03-21T16:55:00Z.")
            }
            query.updatedSince = instant
        }
    }
}

extension APIListParameters {
    /// Single resources take no parameters: any is a mistake worth telling.
    static func refuseAnyParameter(_ request: HTTPRequest) throws {
        let fields = (try? request.queryParameters(maxFields: 20)) ?? FormFields([FormFields.Field(name: "query", value: "")])
        if let first = fields.fields.first {
            throw APIProblem.invalidParameter(name: first.name, detail: "this endpoint takes no query parameters.")
        }
    }
}
