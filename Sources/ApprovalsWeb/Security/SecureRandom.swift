import COpenSSL

/// Random bytes from OpenSSL's CSPRNG, for session identifiers, tokens, salts and TOTP secrets.
public enum SecureRandom {
    /// `count` bytes from RAND_bytes. A failing CSPRNG is not something to carry on from.
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let ok = out.withUnsafeMutableBytes { RAND_bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(count)) }
        precondition(ok == 1, "OpenSSL RAND_bytes failed: no safe randomness available")
        return out
    }

    /// A URL-safe token carrying `byteCount` random bytes (256 bits by default).
    public static func token(byteCount: Int = 32) -> String {
        Base64URL.encode(bytes(byteCount))
    }
}
