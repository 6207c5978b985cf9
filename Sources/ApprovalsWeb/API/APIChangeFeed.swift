import ApprovalsStore
import HTTPServer

/// `GET /api/v1/changes?after=CURSOR&limit=N`: audit events in order after the cursor. The answer
/// always carries `cursor` (where to resume: the last event returned, or the one given when nothing
/// is new) so a client can poll with it forever; `links.next` is set when more are waiting now.
struct APIChangeFeed: Sendable {
    let reader: APIReader

    func respond(_ request: HTTPRequest) throws -> HTTPResponse {
        let query = try APIListParameters.query(request, filters: [])
        let page = try reader.changes(after: query.after, limit: query.limit)
        let resume = page.last ?? query.after
        let links: APIObject = [
            "self": .string(request.head.target),
            "next": page.nextAfter.map { .string(APIListEndpoint.link(request, after: $0)) } ?? .null,
        ]
        return try APIRepresentation.json([
            "items": .array(page.items.map(APIValue.object)), "links": .object(links),
            "cursor": .string(APICursor.encode(resume)), "limit": .int(Int64(query.limit)),
        ], for: request)
    }
}
