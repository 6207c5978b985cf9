/// What a route accepts as a request body, declared with the route so the server can decide before
/// reading a byte: how large a body may be, which sink receives it, and whether the handler is quick
/// enough to run on the event loop.
public struct RouteBody: Sendable {
    enum Kind: Sendable {
        case spooled
        case multipart(MultipartLimits, directory: String?)
        case custom(@Sendable (RequestHead) throws -> any RequestBodySink)
    }

    let kind: Kind
    /// The largest body accepted; nil means the server's default.
    public var maxBytes: Int?

    /// The default: the body in memory when small, spooled to a temporary file when large.
    public static func standard(maxBytes: Int? = nil) -> RouteBody {
        RouteBody(kind: .spooled, maxBytes: maxBytes)
    }

    /// No body: anything beyond zero bytes is answered with 413.
    public static let none = RouteBody(kind: .spooled, maxBytes: 0)

    /// multipart/form-data parsed as it arrives: fields in memory, files in temporary files under
    /// `directory` (the system's temporary directory when nil). Read it with
    /// `request.multipartForm()`.
    public static func multipart(
        maxBytes: Int? = nil, limits: MultipartLimits = .standard, directory: String? = nil
    ) -> RouteBody {
        RouteBody(kind: .multipart(limits, directory: directory), maxBytes: maxBytes)
    }

    /// A sink of the application's own.
    public static func custom(
        maxBytes: Int? = nil, makeSink: @escaping @Sendable (RequestHead) throws -> any RequestBodySink
    ) -> RouteBody {
        RouteBody(kind: .custom(makeSink), maxBytes: maxBytes)
    }

    func policy(runsInline: Bool) -> BodyPolicy {
        switch kind {
        case .spooled:
            return BodyPolicy(maxBodyBytes: maxBytes, runsInline: runsInline)
        case .multipart(let limits, let directory):
            return BodyPolicy(maxBodyBytes: maxBytes, runsInline: runsInline) { head in
                try MultipartBodySink(head: head, limits: limits, directory: directory)
            }
        case .custom(let makeSink):
            return BodyPolicy(maxBodyBytes: maxBytes, runsInline: runsInline, makeSink: makeSink)
        }
    }
}
