@testable import HTTPServer

/// Runs a request through a responder the way the server does, without a socket: asks the body
/// policy first, feeds the body to its sink in pieces, then calls `respond`.
enum RouterHarness {
    struct Outcome {
        var policy: BodyPolicy
        var response: HTTPResponse
    }

    static func run(
        _ responder: some HTTPResponder, _ method: HTTPMethod, _ target: String, headers: HTTPHeaders = [:],
        body: [UInt8] = [], chunk: Int = 1000
    ) throws -> Outcome {
        var headers = headers
        if !body.isEmpty { headers.add("Content-Length", String(body.count)) }
        let head = RequestHead(
            method: method, target: target, headers: headers, framing: body.isEmpty ? .none : .length(body.count))
        let policy = responder.bodyPolicy(for: head)
        var requestBody = RequestBody.empty
        if !body.isEmpty {
            if let limit = policy.maxBodyBytes, body.count > limit {
                return Outcome(policy: policy, response: .error(.contentTooLarge))
            }
            let sink = try policy.makeSink(head)
            var offset = 0
            while offset < body.count {
                let end = min(body.count, offset + chunk)
                try Array(body[offset..<end]).withUnsafeBytes { try sink.write($0) }
                offset = end
            }
            requestBody = try sink.finish()
        }
        defer { requestBody.removeTemporaryFiles() }
        let response = try responder.respond(to: HTTPRequest(head: head, body: requestBody))
        return Outcome(policy: policy, response: response)
    }
}

extension HTTPResponse {
    var bodyText: String {
        if case .bytes(let bytes) = body { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }
}
