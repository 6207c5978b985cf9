public import HTTPServer
public import Logging
import Glibc

/// One log line and one metrics observation per request: request id, who (when `AccessLogIdentity`
/// was filled), method, route pattern, status, body bytes, duration. It logs the route's pattern,
/// never the raw path or query, so references, tokens and search terms stay out of the log. It takes
/// the place of `AccessLogMiddleware` (right after `RequestIDMiddleware`) so a request is logged once.
public struct RequestObservationMiddleware: Middleware {
    public let logger: Logger
    public let metrics: ServiceMetrics

    public init(logger: Logger, metrics: ServiceMetrics) {
        self.logger = logger
        self.metrics = metrics
    }

    public func handle(_ request: HTTPRequest, next: (HTTPRequest) throws -> HTTPResponse) throws -> HTTPResponse {
        let started = ContinuousClock.now
        var request = request
        let identity = AccessLogIdentity()
        request.storage[AccessLogIdentity.self] = identity
        do {
            let response = try next(request)
            observe(request, identity: identity, status: response.status.code,
                    bytes: request.method == .head ? 0 : Self.bodyBytes(response.body), since: started)
            return response
        } catch {
            observe(request, identity: identity, status: RequestFailure(error).status.code, bytes: nil, since: started)
            throw error
        }
    }

    private func observe(_ request: HTTPRequest, identity: AccessLogIdentity, status: Int, bytes: Int?,
                         since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = request.storage[MatchedRoutePattern.self] ?? "unmatched"
        metrics.observeRequest(route: route, method: request.method.rawValue, status: status, seconds: seconds)
        // The line's fields cost more than the rest of a static file's answer: build them only when
        // the logger will write them.
        guard logger.logLevel <= .info else { return }
        var metadata: Logger.Metadata = [
            "request_id": "\(request.requestID)",
            "method": "\(request.method)",
            "route": "\(route)",
            "status": .stringConvertible(status),
            "duration_ms": .stringConvertible((seconds * 1_000_000).rounded() / 1000),
        ]
        if let bytes { metadata["bytes"] = .stringConvertible(bytes) }
        if let who = identity.recorded { metadata["identity"] = "\(who)" }
        logger.info("request", metadata: metadata)
    }

    /// The size of the body as sent; nil for a stream of unknown length.
    static func bodyBytes(_ body: ResponseBody) -> Int? {
        switch body {
        case .empty: return 0
        case .bytes(let bytes): return bytes.count
        case .file(let region):
            if let range = region.range { return range.count }
            var info = stat()
            return stat(region.path, &info) == 0 ? Int(info.st_size) : nil
        case .stream(let stream): return stream.length
        }
    }
}
