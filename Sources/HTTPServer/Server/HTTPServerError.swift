import Glibc

/// Why an `HTTPServer` could not start.
public enum HTTPServerError: Error, CustomStringConvertible, Equatable {
    /// The configured host is not an address and does not resolve to one.
    case unresolvableHost(String)
    /// A system call failed; `errno` says why (for example EADDRINUSE from `bind`).
    case systemCall(String, errno: Int32)
    /// `start()` was called on a server that had already started.
    case alreadyStarted

    public var description: String {
        switch self {
        case .unresolvableHost(let host):
            "cannot resolve host \(host)"
        case .systemCall(let call, let errno):
            "\(call) failed: \(String(validatingCString: strerror(errno)) ?? "errno \(errno)")"
        case .alreadyStarted:
            "the server has already started"
        }
    }
}
