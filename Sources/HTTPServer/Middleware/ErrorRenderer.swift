import Foundation

/// Turns a `RequestFailure` into a response in the format the client expects: plain text, an
/// `application/problem+json` document (RFC 9457) for APIs, or the application's own HTML page.
///
/// ```swift
/// let renderer = ErrorRenderer.choosing { request in
///     request.path.hasPrefix("/api/") ? .problemJSON : ErrorRenderer { failure, request in pageFor(failure) }
/// }
/// ```
public struct ErrorRenderer: Sendable {
    public var render: @Sendable (RequestFailure, HTTPRequest) -> HTTPResponse

    public init(_ render: @escaping @Sendable (RequestFailure, HTTPRequest) -> HTTPResponse) {
        self.render = render
    }

    /// `text/plain` with the message.
    public static let plainText = ErrorRenderer { failure, _ in
        var response = HTTPResponse.text(failure.message + "\n", status: failure.status)
        for field in failure.headers { response.headers.add(field.name, field.value) }
        return response
    }

    /// `application/problem+json` with type, title, status and detail, plus the request id so a
    /// client can quote it when reporting a problem.
    public static let problemJSON = ErrorRenderer { failure, request in
        struct Problem: Encodable {
            var type = "about:blank"
            var title: String
            var status: Int
            var detail: String
            var requestId: String?
        }
        let problem = Problem(
            title: failure.status.reasonPhrase, status: failure.status.code, detail: failure.message,
            requestId: request.requestID.isEmpty ? nil : request.requestID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = (try? encoder.encode(problem)).map(Array.init) ?? Array("{}".utf8)
        var response = HTTPResponse.json(bytes, status: failure.status, contentType: "application/problem+json")
        for field in failure.headers { response.headers.add(field.name, field.value) }
        return response
    }

    /// Picks a renderer per request (for example by path prefix or Accept).
    public static func choosing(_ choose: @escaping @Sendable (HTTPRequest) -> ErrorRenderer) -> ErrorRenderer {
        ErrorRenderer { failure, request in choose(request).render(failure, request) }
    }
}
