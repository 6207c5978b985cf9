import ApprovalsStore
import Foundation
import HTTPServer

/// A list endpoint: a page of JSON with a `next` link, or the whole filtered list as streamed CSV.
struct APIListEndpoint: Sendable {
    let reader: APIReader
    let list: APIList

    /// `{"items": [...], "links": {"self": ..., "next": ... or null}, "limit": N}`.
    func json(_ request: HTTPRequest, fixed: (inout APIListQuery) -> Void = { _ in }) throws -> HTTPResponse {
        var query = try APIListParameters.query(request, filters: list.filters.subtracting(fixedFilters))
        fixed(&query)
        // The lists read most are written straight from their rows, in the same bytes.
        var json = APIJSON()
        json.raw("{\"items\":")
        if let end = try reader.writePage(list, query, into: &json) {
            json.raw(",\"limit\":")
            json.int(Int64(query.limit))
            json.raw(",\"links\":")
            Self.writeLinks(request, next: end.nextAfter, into: &json)
            json.raw("}")
            return APIRepresentation.conditional(json.finished(), contentType: "application/json", for: request)
        }
        let page = try reader.page(list, query)
        let links: APIObject = [
            "self": .string(request.head.target),
            "next": page.nextAfter.map { .string(Self.link(request, after: $0)) } ?? .null,
        ]
        return try APIRepresentation.json(["items": .array(page.items.map(APIValue.object)), "links": .object(links),
                                           "limit": .int(Int64(query.limit))], for: request)
    }

    /// `{"next":...,"self":...}`, as the `links` object of the general path writes them.
    static func writeLinks(_ request: HTTPRequest, next: Int64?, into json: inout APIJSON) {
        json.raw("{\"next\":")
        if let next { json.string(link(request, after: next)) } else { json.null() }
        json.raw(",\"self\":")
        json.string(request.head.target)
        json.raw("}")
    }

    /// Filters that the path sets (the cycle of `/cycles/{id}/standards`), not the query.
    var fixedFilters: Set<APIFilter> { list == .standards ? [.cycle] : [] }

    /// Every row of the filtered list as CSV (RFC 4180, a header row), streamed page by page from a
    /// worker so that a large export never sits whole in memory.
    func csv(_ request: HTTPRequest, fixed: (inout APIListQuery) -> Void = { _ in }) throws -> HTTPResponse {
        var query = try APIListParameters.query(request, filters: list.filters.subtracting(fixedFilters))
        fixed(&query)
        let reader = self.reader, list = self.list
        query.limit = 500
        let start = query
        let stream = ResponseStream { writer in
            try writer.write(list.csvColumns.map(APICSV.field).joined(separator: ",") + "\r\n")
            var query = start
            while true {
                let page = try reader.page(list, query)
                var text = ""
                for item in page.items {
                    text += list.csvColumns.map { APICSV.field(item[$0]?.csvText ?? "") }.joined(separator: ",") + "\r\n"
                }
                try writer.write(text)
                guard let next = page.nextAfter else { break }
                query.after = next
            }
        }
        var response = HTTPResponse(status: .ok, headers: ["Content-Type": "text/csv; charset=utf-8"], body: .stream(stream))
        response.headers.add("Content-Disposition", "attachment; filename=\"\(list.rawValue).csv\"")
        response.headers.add("Cache-Control", "private")
        return response
    }

    /// The same request with `after` set to the cursor of `position`.
    static func link(_ request: HTTPRequest, after position: Int64) -> String {
        if let pairs = plainPairs(request.query) {
            return request.path + "?" + (pairs + ["after=" + APICursor.encode(position)]).joined(separator: "&")
        }
        return encodedLink(request, after: position)
    }

    /// The query's `name=value` pairs other than `after`, kept as they are, when decoding and encoding
    /// them again (as `encodedLink` does) would give the same text: each pair has one `=` and only
    /// bytes that are never escaped (letters, digits, `-._~`), and there are no more than the 20
    /// fields read. Nil otherwise. A client paging with `limit` and filters takes this path, which
    /// makes no field list and no escaped copies.
    static func plainPairs(_ query: String?) -> [Substring]? {
        guard let query else { return [] }
        var pairs: [Substring] = []
        var count = 0
        for pair in query.split(separator: "&") {
            count += 1
            guard count <= 20 else { return nil }
            var equals = 0
            for byte in pair.utf8 {
                switch byte {
                case UInt8(ascii: "="): equals += 1
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                     UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): continue
                default: return nil
                }
            }
            guard equals == 1 else { return nil }
            if !pair.hasPrefix("after=") { pairs.append(pair) }
        }
        return pairs
    }

    /// `link` by reading the query's fields and writing them again, escaped.
    static func encodedLink(_ request: HTTPRequest, after position: Int64) -> String {
        var fields = FormFields()
        if let existing = try? request.queryParameters(maxFields: 20) {
            for field in existing where field.name != "after" { fields.append(field.name, field.value) }
        }
        fields.append("after", APICursor.encode(position))
        return request.path + "?" + fields.urlEncoded
    }
}

/// CSV fields as RFC 4180 writes them, and safe to open in a spreadsheet: a value that starts with
/// `=`, `+`, `-` or `@` is prefixed with `'` so that it is never run as a formula.
enum APICSV {
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
