/// The token every state-changing form carries, tied to the session: an HMAC of the session's secret
/// identifier under a fixed label. Nothing extra is stored, it changes whenever the session does (a new
/// identifier at sign-in), and a token from one session is useless in another.
public enum CSRFToken {
    static let label = Array("approvals csrf v1".utf8)

    /// The token for the session whose cookie value is `sessionSecret`.
    public static func make(sessionSecret: String) -> String {
        Base64URL.encode(Digest.hmac(.sha256, key: Array(sessionSecret.utf8), message: label))
    }

    /// True when `submitted` is the token of that session, compared in constant time.
    public static func isValid(_ submitted: String?, sessionSecret: String) -> Bool {
        guard let submitted, !submitted.isEmpty else { return false }
        return Digest.constantTimeEqual(Array(submitted.utf8), Array(make(sessionSecret: sessionSecret).utf8))
    }
}
