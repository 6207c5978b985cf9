/// Why the router found no handler for a request. These become 404, 405 (with Allow) and 400
/// through the error middleware or, without one, through the router's own error renderer.
public enum RoutingError: HTTPStatusError, HTTPHeaderCarryingError, Equatable {
    /// No route's pattern matches the path.
    case notFound
    /// Routes match the path, but none for this method; `allowed` lists the methods that would work.
    case methodNotAllowed(allowed: [HTTPMethod])
    /// The path has an invalid percent-escape, invalid UTF-8 or an encoded NUL.
    case invalidPath

    public var status: HTTPStatus {
        switch self {
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .invalidPath: .badRequest
        }
    }

    public var clientMessage: String {
        switch self {
        case .notFound: "There is nothing at this address."
        case .methodNotAllowed: "This address does not accept this method."
        case .invalidPath: "The address is not correctly encoded."
        }
    }

    public var responseHeaders: HTTPHeaders {
        guard case .methodNotAllowed(let allowed) = self else { return [:] }
        return ["Allow": allowed.map(\.rawValue).joined(separator: ", ")]
    }
}
