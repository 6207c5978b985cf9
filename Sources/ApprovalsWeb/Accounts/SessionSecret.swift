/// The secrets people and clients hold, and what is stored of them: only a SHA-256, so that a copy
/// of the database lets nobody in. 256 bits from OpenSSL's generator, base64url.
public enum SessionSecret {
    /// A new random secret (session identifier, link token, visitor secret).
    public static func make() -> String { SecureRandom.token(byteCount: 32) }

    /// A new API token, prefixed so that a leaked one is easy to recognise in logs and code scanners.
    public static func makeAPIToken() -> String { "apr_" + SecureRandom.token(byteCount: 32) }

    /// What the store keeps of a secret.
    public static func digest(_ secret: String) -> String { Digest.sha256Hex(secret) }
}
