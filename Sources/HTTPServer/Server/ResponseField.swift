/// Writing one response header field as bytes, in one pass over its name and value.
///
/// Every response carries a dozen fields (the security headers among them), so this is on the path
/// of every request: the name and value are checked and copied from their UTF-8 storage, with no
/// per-character String work.
enum ResponseField {
    enum Outcome: Equatable {
        case written
        /// A framing field (Content-Length, Transfer-Encoding, Connection) or Date: the server writes
        /// its own, so a handler cannot make them disagree with the body.
        case serversOwn
        /// A name that is not a token, or a value with CR, LF or another control.
        case dropped
    }

    static func append(name: String, value: String, to output: inout [UInt8]) -> Outcome {
        var name = name
        var value = value
        return name.withUTF8 { name in
            guard !name.isEmpty, name.allSatisfy(HTTPSyntax.isToken) else { return .dropped }
            if isServersOwn(name) { return .serversOwn }
            return value.withUTF8 { value in
                guard value.allSatisfy(HTTPSyntax.isFieldValueByte) else { return .dropped }
                output.append(contentsOf: name)
                output.append(HTTPSyntax.colon)
                output.append(HTTPSyntax.space)
                output.append(contentsOf: value)
                output.append(HTTPSyntax.carriageReturn)
                output.append(HTTPSyntax.lineFeed)
                return .written
            }
        }
    }

    private static let serversOwnNames: [[UInt8]] = ["date", "connection", "content-length", "transfer-encoding"].map { Array($0.utf8) }

    /// Case-insensitive match against the server's own names; the length decides most fields at once.
    static func isServersOwn(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 4, 10, 14, 17: break
        default: return false
        }
        for candidate in serversOwnNames where candidate.count == name.count {
            var same = true
            for index in 0..<name.count where name[index] | 0x20 != candidate[index] {
                same = false
                break
            }
            if same { return true }
        }
        return false
    }
}
