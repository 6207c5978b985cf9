public import HTTPServer

/// Behind a reverse proxy, the peer of every connection is the proxy. When the peer is one of the
/// configured proxies, this takes the client's address from `X-Forwarded-For` (the rightmost entry
/// that is not itself a trusted proxy, since a client can put anything at the left) and the scheme
/// from `X-Forwarded-Proto`; from any other peer the headers are removed unread, so nothing further
/// in can be fooled by them. When the client reached the proxy over HTTPS the response carries HSTS.
public struct ForwardedClientMiddleware: Middleware {
    /// The proxies' own addresses, exact.
    public let trustedProxies: Set<String>
    /// The server speaks TLS itself: every response carries HSTS.
    public let servesTLS: Bool

    public init(trustedProxies: [String], servesTLS: Bool = false) {
        self.trustedProxies = Set(trustedProxies)
        self.servesTLS = servesTLS
    }

    public static let strictTransportSecurity = "max-age=31536000; includeSubDomains"

    public func handle(_ request: HTTPRequest, next: (HTTPRequest) throws -> HTTPResponse) throws -> HTTPResponse {
        var request = request
        // With no proxy configured (the usual case) the peer's address is not even parsed, and the
        // header fields are removed only when present (removing copies the request's fields).
        let peer = trustedProxies.isEmpty ? nil : request.head.remoteAddress.map(MetricsAccess.host(of:))
        guard let peer, trustedProxies.contains(peer) else {
            if request.head.headers.contains("X-Forwarded-For") { request.head.headers.remove("X-Forwarded-For") }
            if request.head.headers.contains("X-Forwarded-Proto") { request.head.headers.remove("X-Forwarded-Proto") }
            var response = try next(request)
            if servesTLS { response.headers.replaceOrAdd("Strict-Transport-Security", Self.strictTransportSecurity) }
            return response
        }
        let chain = request.headers.listElements("X-Forwarded-For").map { String($0) }
        if let client = chain.reversed().first(where: { !trustedProxies.contains($0) }) ?? chain.first {
            request.head.remoteAddress = client.contains(":") ? "[\(client)]:0" : "\(client):0"
        }
        let scheme = request.headers.listElements("X-Forwarded-Proto").last.map { $0.lowercased() }
        var response = try next(request)
        if servesTLS || scheme == "https" { response.headers.replaceOrAdd("Strict-Transport-Security", Self.strictTransportSecurity) }
        return response
    }
}
