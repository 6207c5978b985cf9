public import HTTPServer
import Synchronization

/// Who made a request, as the access log names them: filled by whatever signs the request in (a
/// session or an API token), read by `RequestObservationMiddleware` when the response is ready.
///
/// Request storage is a value that travels inward only, so the slot holds a shared box that the
/// sign-in layer fills further in:
/// ```swift
/// request.storage[AccessLogIdentity.self]?.record("user:\(user.id)")   // or "token:\(token.name)"
/// ```
/// Record an id or a token's name, never an email address, a person's name or a secret.
public final class AccessLogIdentity: Sendable, RequestStorageKey {
    public typealias Value = AccessLogIdentity
    private let name = Mutex<String?>(nil)

    public init() {}

    public func record(_ identity: String) { name.withLock { $0 = identity } }
    public var recorded: String? { name.withLock { $0 } }
}
