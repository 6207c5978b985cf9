public import Logging
import Glibc

/// Writes one log line per request: request id, method, route pattern, status, body bytes and
/// duration. It logs the route's pattern (`/submissions/:reference`), never the raw path or query,
/// so identifiers, tokens and search terms stay out of the log.
public struct AccessLogMiddleware: Middleware {
    public var logger: Logger
    public var level: Logger.Level

    public init(logger: Logger, level: Logger.Level = .info) {
        self.logger = logger
        self.level = level
    }

    public func handle(_ request: HTTPRequest, next: (HTTPRequest) throws -> HTTPResponse) throws -> HTTPResponse {
        let started = ContinuousClock.now
        do {
            let response = try next(request)
            log(request, status: response.status, bytes: request.method == .head ? 0 : bodyBytes(response.body), since: started)
            return response
        } catch {
            log(request, status: RequestFailure(error).status, bytes: nil, since: started)
            throw error
        }
    }

    private func log(_ request: HTTPRequest, status: HTTPStatus, bytes: Int?, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        // Whole microseconds, written as milliseconds with three decimals, without Foundation's formatter.
        let microseconds = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        let fraction = String(microseconds % 1000)
        let durationText = "\(microseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
        let route = request.storage[MatchedRoutePattern.self] ?? "unmatched"
        let bytesText = bytes.map(String.init) ?? "-"
        logger.log(
            level: level, "\(request.method) \(route) \(status.code)",
            metadata: [
                "request_id": "\(request.requestID)",
                "method": "\(request.method)",
                "route": "\(route)",
                "status": "\(status.code)",
                "bytes": "\(bytesText)",
                "duration_ms": "\(durationText)",
            ])
    }

    /// The size of the body as sent; nil for a stream of unknown length.
    private func bodyBytes(_ body: ResponseBody) -> Int? {
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
