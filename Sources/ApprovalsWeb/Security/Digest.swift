import COpenSSL

/// Message digests and MACs through OpenSSL's EVP interface.
public enum Digest {
    /// SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &out, &length, EVP_sha256(), nil)
        }
        precondition(ok == 1 && length == 32, "EVP_Digest(SHA-256) failed")
        return out
    }

    /// SHA-256 as lower-case hexadecimal, the form stored at rest for tokens and identifiers.
    public static func sha256Hex(_ text: String) -> String {
        hex(sha256(Array(text.utf8)))
    }

    /// HMAC of `message` under `key` with SHA-1 (TOTP, RFC 6238) or SHA-256 (everything else).
    public static func hmac(_ algorithm: HMACAlgorithm, key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let md = algorithm == .sha1 ? EVP_sha1() : EVP_sha256()
        let result = key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                HMAC(md, k.baseAddress, Int32(k.count), m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count, &out, &length)
            }
        }
        precondition(result != nil, "OpenSSL HMAC failed")
        return Array(out.prefix(Int(length)))
    }

    /// Compares two byte strings in time that depends only on their length, so that a secret is not
    /// revealed one byte at a time by how long a comparison takes.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, a.count) == 0 } }
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](); out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0x0f)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The hash functions an HMAC may use here.
public enum HMACAlgorithm: Sendable { case sha1, sha256 }
