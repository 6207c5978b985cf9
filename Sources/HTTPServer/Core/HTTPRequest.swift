/// One request as a handler sees it: the parsed head, the body the sink collected, and room for what
/// the router and middleware learn about it.
public struct HTTPRequest: Sendable {
    public var head: RequestHead
    public var body: RequestBody
    /// Trailer fields of a chunked body, kept apart from `head.headers` (never merged into them).
    public var trailers: HTTPHeaders
    /// Path parameters, filled in by the router (`/applications/:id` gives `["id": "42"]`).
    public var parameters: [String: String]
    /// An identifier for logs, unique within the process; middleware may replace it.
    public var requestID: String
    /// Typed values that middleware attaches for later middleware and handlers.
    public var storage: RequestStorage

    public init(
        head: RequestHead,
        body: RequestBody = .empty,
        trailers: HTTPHeaders = [:],
        parameters: [String: String] = [:],
        requestID: String = "",
        storage: RequestStorage = RequestStorage()
    ) {
        self.head = head
        self.body = body
        self.trailers = trailers
        self.parameters = parameters
        self.requestID = requestID
        self.storage = storage
    }

    public var method: HTTPMethod { head.method }
    public var path: String { head.path }
    public var query: String? { head.query }
    public var headers: HTTPHeaders { head.headers }
}

/// A key for `RequestStorage`: the type names the slot and fixes the type of its value.
///
/// ```swift
/// enum SignedInUser: RequestStorageKey { typealias Value = User }
/// request.storage[SignedInUser.self] = user
/// ```
public protocol RequestStorageKey {
    associatedtype Value: Sendable
}

/// Per-request values keyed by type, so middleware can pass things on without the server knowing them.
public struct RequestStorage: Sendable {
    private var values: [ObjectIdentifier: any Sendable] = [:]

    public init() {}

    public subscript<Key: RequestStorageKey>(key: Key.Type) -> Key.Value? {
        get { values[ObjectIdentifier(key)] as? Key.Value }
        set { values[ObjectIdentifier(key)] = newValue }
    }
}
