extension HTTPResponder {
    /// Runs one request through this responder the way the server does, but without a socket: asks
    /// the body policy with the head alone, refuses a body over its limit with 413, feeds the body to
    /// the policy's sink in `chunkSize` pieces, then calls `respond` and deletes the request's
    /// temporary files. For tests of routes, middleware and uploads; the server's own framing (Date,
    /// Content-Length, the body dropped for HEAD) is not applied.
    public func respond(
        withoutSocket method: HTTPMethod, _ target: String, headers: HTTPHeaders = [:], body: [UInt8] = [],
        chunkSize: Int = 16 * 1024
    ) throws -> HTTPResponse {
        var headers = headers
        if !body.isEmpty && !headers.contains("Content-Length") { headers.add("Content-Length", String(body.count)) }
        let head = RequestHead(
            method: method, target: target, headers: headers, framing: body.isEmpty ? .none : .length(body.count))
        let policy = bodyPolicy(for: head)
        var requestBody = RequestBody.empty
        if !body.isEmpty {
            if let limit = policy.maxBodyBytes, body.count > limit { return .error(.contentTooLarge) }
            do {
                let sink = try policy.makeSink(head)
                var offset = 0
                while offset < body.count {
                    let end = min(body.count, offset + max(1, chunkSize))
                    do {
                        try body[offset..<end].withUnsafeBytes { try sink.write($0) }
                    } catch {
                        sink.abort()
                        throw error
                    }
                    offset = end
                }
                requestBody = try sink.finish()
            } catch let refusal as any HTTPStatusError {
                return .error(refusal.status, message: refusal.clientMessage)
            }
        }
        defer { requestBody.removeTemporaryFiles() }
        return try respond(to: HTTPRequest(head: head, body: requestBody))
    }
}
