import ApprovalsStore
import Foundation
import HTTPServer

/// Turns what an endpoint read into its HTTP answer: JSON with sorted keys (so equal content gives
/// equal bytes), a strong ETag from those bytes (`APIEntityTag`), `Cache-Control: private` (the data is for the token
/// holder only, never a shared cache), and 304 when the client's If-None-Match already names it.
enum APIRepresentation {
    static func json(_ object: APIObject, for request: HTTPRequest) throws -> HTTPResponse {
        let bytes = APIValue.object(object).jsonBytes
        return conditional(bytes, contentType: "application/json", for: request)
    }

    static func conditional(_ bytes: [UInt8], contentType: String, for request: HTTPRequest) -> HTTPResponse {
        let tag = APIEntityTag.of(bytes)
        return conditional(tag: tag, for: request) {
            HTTPResponse(status: .ok, headers: ["Content-Type": contentType], body: .bytes(bytes))
        }
    }

    /// 304 when If-None-Match names `tag` (or is `*`), else the response `make` builds; both carry the
    /// ETag and the caching rule.
    static func conditional(tag: String, for request: HTTPRequest, make: () throws -> HTTPResponse) rethrows -> HTTPResponse {
        var response: HTTPResponse
        if matches(request.headers.listElements("If-None-Match"), tag) {
            response = HTTPResponse(status: .notModified)
        } else {
            response = try make()
        }
        response.headers.replaceOrAdd("ETag", tag)
        response.headers.replaceOrAdd("Cache-Control", "private")
        return response
    }

    /// Weak comparison, as RFC 9110 asks for If-None-Match: `W/"x"` matches `"x"`.
    static func matches(_ candidates: [Substring], _ tag: String) -> Bool {
        candidates.contains { candidate in
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            return trimmed == "*" || trimmed == tag || trimmed == "W/" + tag
        }
    }
}
