/// The policy's answer.
public enum AccessDecision: Sendable, Hashable {
    case allowed
    /// Nobody is signed in and the resource needs someone: send them to sign in.
    case signInRequired
    /// Signed in, but this role may not do this; the page may say so (the resource's existence is no secret).
    case forbidden(reason: String)
    /// The actor may not know the resource exists (another AO's record, a conflicted reviewer's AO):
    /// answer exactly as for a resource that does not exist, and audit the attempt.
    case hidden

    public var isAllowed: Bool { self == .allowed }
}
