/// A path pattern a route answers to: literal segments, `:name` parameters that match one segment,
/// and an optional trailing `*` (or `*name`) that matches the rest of the path, zero or more segments.
///
/// `/submissions/:reference/versions/:version` matches `/submissions/TQ-1/versions/2`;
/// `/downloads/*` matches `/downloads/a/b.pdf`. Empty segments are ignored, so `/a/` is `/a`.
public struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
        case wildcard(String)
    }

    let segments: [Segment]
    public let description: String

    /// Parses `text`; a malformed pattern is a programming error and stops the program at startup.
    public init(_ text: String) {
        precondition(text.hasPrefix("/"), "route pattern \(text) must start with /")
        var segments: [Segment] = []
        let pieces = text.split(separator: "/", omittingEmptySubsequences: true)
        for (index, piece) in pieces.enumerated() {
            if piece.hasPrefix(":") {
                precondition(piece.count > 1, "route pattern \(text) has a parameter without a name")
                segments.append(.parameter(String(piece.dropFirst())))
            } else if piece.hasPrefix("*") {
                precondition(index == pieces.count - 1, "route pattern \(text) has * before its end")
                segments.append(.wildcard(piece.count > 1 ? String(piece.dropFirst()) : "*"))
            } else {
                segments.append(.literal(String(piece)))
            }
        }
        let names = segments.compactMap { segment -> String? in
            switch segment {
            case .parameter(let name), .wildcard(let name): name
            case .literal: nil
            }
        }
        precondition(Set(names).count == names.count, "route pattern \(text) repeats a parameter name")
        self.segments = segments
        self.description = "/" + pieces.joined(separator: "/")
    }
}
