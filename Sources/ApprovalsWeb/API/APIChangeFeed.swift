import ApprovalsStore
import HTTPServer

/// `GET /api/v1/changes?after=CURSOR&limit=N`: audit events in order after the cursor. The answer
/// always carries `cursor` (where to resume: the last event returned, or the one given when nothing
/// is new) so a client can poll with it forever; `links.next` is set when more are waiting now.
struct APIChangeFeed: Sendable {
    let reader: APIReader

    func respond(_ request: HTTPRequest) throws -> HTTPResponse {
        let query = try APIListParameters.query(request, filters: [])
        // Written straight from the rows, keys in sorted order: `{"cursor","items","limit","links"}`.
        // The cursor comes first but is known only after the items: they are written to their own
        // buffer first.
        var items = APIJSON()
        let end = try reader.writeChanges(after: query.after, limit: query.limit, into: &items)
        var json = APIJSON(capacity: items.count + 512)
        json.raw("{\"cursor\":")
        json.string(APICursor.encode(end.last ?? query.after))
        json.raw(",\"items\":")
        json.append(raw: items.finished())
        json.raw(",\"limit\":")
        json.int(Int64(query.limit))
        json.raw(",\"links\":")
        APIListEndpoint.writeLinks(request, next: end.nextAfter, into: &json)
        json.raw("}")
        return APIRepresentation.conditional(json.finished(), contentType: "application/json", for: request)
    }
}
