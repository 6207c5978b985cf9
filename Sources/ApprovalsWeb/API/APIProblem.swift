import HTTPServer

/// A request the API refuses, answered as `application/problem+json` by the error renderer (which
/// the web application picks for every path under /api/).
enum APIProblem: Error, HTTPStatusError, HTTPHeaderCarryingError, Equatable {
    /// A query parameter the endpoint does not know, or a value it cannot read.
    case invalidParameter(name: String, detail: String)
    /// No such resource (or one an API client may not see, such as a draft: the answer is the same).
    case notFound(String)
    /// Too many requests for this token; retry after so many seconds.
    case rateLimited(retryAfter: Int)
    /// A Range header the document cannot satisfy.
    case rangeNotSatisfiable(length: Int64)

    var status: HTTPStatus {
        switch self {
        case .invalidParameter: .badRequest
        case .notFound: .notFound
        case .rateLimited: .tooManyRequests
        case .rangeNotSatisfiable: .rangeNotSatisfiable
        }
    }

    var clientMessage: String {
        switch self {
        case .invalidParameter(let name, let detail): "The query parameter \(name) is not valid: \(detail)"
        case .notFound(let what): "There is no \(what) with that identifier."
        case .rateLimited(let seconds): "This token has made too many requests. Try again in \(seconds) seconds."
        case .rangeNotSatisfiable(let length): "The requested range is outside the document (\(length) bytes)."
        }
    }

    var responseHeaders: HTTPHeaders {
        switch self {
        case .rateLimited(let seconds): ["Retry-After": String(seconds)]
        case .rangeNotSatisfiable(let length): ["Content-Range": "bytes */\(length)"]
        default: [:]
        }
    }
}
