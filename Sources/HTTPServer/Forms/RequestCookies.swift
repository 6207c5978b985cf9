/// The cookies a client sent in its Cookie header fields (RFC 6265 §5.4), in order.
///
/// Parsing is lenient the way RFC 6265 asks servers to be: pairs are split on `;`, name and value on
/// the first `=`, surrounding spaces and one pair of double quotes around the value are removed,
/// and pairs without `=` or with an empty name are skipped rather than failing the request. When a
/// name repeats (cookies for different paths), the first is the most specific and wins in lookups.
public struct RequestCookies: Sendable, Equatable {
    public struct Cookie: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public private(set) var cookies: [Cookie]

    /// Parses every Cookie header value given (normally one).
    public init(headerValues: [String]) {
        var cookies: [Cookie] = []
        for header in headerValues {
            for pair in header.split(separator: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = pair[pair.startIndex..<equals].trimmingSpaces()
                var value = pair[pair.index(after: equals)...].trimmingSpaces()
                guard !name.isEmpty else { continue }
                if value.count >= 2, value.first == "\"", value.last == "\"" {
                    value = value.dropFirst().dropLast()
                }
                cookies.append(Cookie(name: String(name), value: String(value)))
            }
        }
        self.cookies = cookies
    }

    /// The value of the first cookie called `name` (names are case-sensitive).
    public subscript(_ name: String) -> String? {
        cookies.first { $0.name == name }?.value
    }

    /// Every value sent under `name`, most specific first.
    public func values(_ name: String) -> [String] {
        cookies.filter { $0.name == name }.map(\.value)
    }
}
