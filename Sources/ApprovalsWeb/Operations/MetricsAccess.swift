public import HTTPServer

/// Who may read `/metrics`: clients from the listed addresses, or any client that presents the
/// bearer token. The token is kept only as its SHA-256 and compared in constant time, so neither a
/// memory dump of the settings nor the time a refusal takes gives it away.
public struct MetricsAccess: Sendable {
    /// Exact IP addresses (`127.0.0.1`, `::1`); `loopback` stands for both.
    public let allowedAddresses: Set<String>
    private let tokenDigest: [UInt8]?

    public init(allowedAddresses: [String] = ["loopback"], token: String? = nil) {
        var addresses = Set<String>()
        for address in allowedAddresses {
            if address == "loopback" { addresses.formUnion(["127.0.0.1", "::1"]) } else { addresses.insert(address) }
        }
        self.allowedAddresses = addresses
        tokenDigest = token.flatMap { $0.isEmpty ? nil : MetricsAccess.digest($0) }
    }

    public func permits(_ request: HTTPRequest) -> Bool {
        if let host = request.head.remoteAddress.map(MetricsAccess.host(of:)), allowedAddresses.contains(host) { return true }
        guard let tokenDigest, let authorization = request.headers.first("Authorization"),
              authorization.lowercased().hasPrefix("bearer ") else { return false }
        let presented = MetricsAccess.digest(String(authorization.dropFirst("bearer ".count)).trimmingSpaces())
        // Both digests are 32 bytes: the loop always runs to the end whatever differs.
        var difference: UInt8 = 0
        for (a, b) in zip(presented, tokenDigest) { difference |= a ^ b }
        return difference == 0
    }

    /// The host of `host:port` or `[v6]:port`.
    static func host(of address: String) -> String {
        if address.hasPrefix("["), let end = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<end])
        }
        if let colon = address.lastIndex(of: ":"), address.firstIndex(of: ":") == colon { return String(address[..<colon]) }
        return address
    }

    static func digest(_ text: String) -> [UInt8] {
        Digest.sha256(Array(text.utf8))
    }
}

private extension String {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
