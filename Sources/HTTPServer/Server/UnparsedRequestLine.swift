/// What can be read of a request line the parser refused or has not finished: the method and the
/// start of the target. Only for choosing the format of the server's own error answer (a client of
/// `/api/` gets the API's format), never for routing: the bytes were not accepted as a request.
enum UnparsedRequestLine {
    /// Target bytes kept: enough for any prefix test, and bounded however long the line is.
    static let maxTargetBytes = 512

    /// A stand-in head with the method and as much of the target as `bytes` hold (`/` if none).
    static func head(from bytes: UnsafeRawBufferPointer) -> RequestHead {
        var index = 0
        // Empty lines before a request line are allowed (RFC 9112 §2.2).
        while index < bytes.count && (bytes[index] == HTTPSyntax.carriageReturn || bytes[index] == HTTPSyntax.lineFeed) { index += 1 }
        let methodStart = index
        while index < bytes.count && HTTPSyntax.isToken(bytes[index]) { index += 1 }
        let method = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[methodStart..<index]), as: UTF8.self)
        guard index < bytes.count, bytes[index] == HTTPSyntax.space, !method.isEmpty else {
            return RequestHead(method: .get, target: "/")
        }
        index += 1
        let targetStart = index
        while index < bytes.count && index - targetStart < maxTargetBytes && HTTPSyntax.isTargetByte(bytes[index]) { index += 1 }
        let target = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[targetStart..<index]), as: UTF8.self)
        return RequestHead(method: HTTPMethod(method), target: target.isEmpty ? "/" : target)
    }
}
