import Approvals
import Foundation
public import HTTPServer
import Logging

/// Where the API client's token name is left in `request.storage` for the handlers and any middleware
/// inside the gate. The access log middleware sits outside (it sees the request before the bearer
/// check), so the gate also writes its own line naming the token, joined to the access log line by
/// the request id.
public enum APIClientName: RequestStorageKey {
    public typealias Value = String
}

/// What every authenticated API endpoint passes through after the bearer check: the rate limit of
/// its token, and a log line that attributes the call to the token by name (with the request id
/// that the access log line of the same request carries).
struct APIGate: Sendable {
    let rateLimit: APIRateLimit
    let logger: Logger
    let clock: @Sendable () -> Date

    func run(_ request: HTTPRequest, _ visit: Visit, _ handler: (HTTPRequest) throws -> HTTPResponse) throws -> HTTPResponse {
        var request = request
        let actor = try visit.signedInActor()
        request.storage[APIClientName.self] = actor.displayName
        let route = request.storage[MatchedRoutePattern.self] ?? request.path
        if let wait = rateLimit.take(actor.id.rawValue, at: clock()) {
            logger.notice("API call refused by the rate limit", metadata: [
                "request_id": "\(request.requestID)", "api_client": "\(actor.displayName)", "route": "\(route)",
            ])
            throw APIProblem.rateLimited(retryAfter: wait)
        }
        logger.info("API call", metadata: [
            "request_id": "\(request.requestID)", "api_client": "\(actor.displayName)", "token_id": "\(actor.id.rawValue)",
            "route": "\(route)",
        ])
        return try handler(request)
    }
}
