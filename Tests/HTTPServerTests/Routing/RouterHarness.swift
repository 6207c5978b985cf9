@testable import HTTPServer

/// Runs a request through a responder without a socket (with the public `respond(withoutSocket:)`)
/// and also returns the body policy the router chose, so tests can check both.
enum RouterHarness {
    struct Outcome {
        var policy: BodyPolicy
        var response: HTTPResponse
    }

    static func run(
        _ responder: some HTTPResponder, _ method: HTTPMethod, _ target: String, headers: HTTPHeaders = [:],
        body: [UInt8] = [], chunk: Int = 1000
    ) throws -> Outcome {
        let policy = responder.bodyPolicy(for: RequestHead(method: method, target: target, headers: headers))
        let response = try responder.respond(withoutSocket: method, target, headers: headers, body: body, chunkSize: chunk)
        return Outcome(policy: policy, response: response)
    }
}

extension HTTPResponse {
    var bodyText: String {
        if case .bytes(let bytes) = body { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }
}
