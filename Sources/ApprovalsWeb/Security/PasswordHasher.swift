import COpenSSL

/// Hashes passwords with scrypt (OpenSSL's EVP_PBE_scrypt): slow, salted and memory-hard. Each stored
/// hash carries its own parameters (`scrypt$N$r$p$salt$hash`), so that the cost can be raised later:
/// old hashes still verify, and `needsRehash` says when to store a new one at the next sign-in.
public struct PasswordHasher: Sendable {
    /// scrypt's CPU/memory cost (a power of two), block size and parallelism.
    public var costN: UInt64
    public var blockSize: UInt64
    public var parallelism: UInt64
    /// Where hashing waits its turn: shared by every worker, so that more workers never mean more
    /// 32 MiB scrypt buffers at once.
    public var slots: HashingSlots
    static let saltLength = 16
    static let keyLength = 32

    /// N = 2^15, r = 8, p = 1: the interactive-login parameters OWASP lists for scrypt (32 MiB, tens of
    /// milliseconds here). Tests use a cheaper setting; production never should.
    public init(costN: UInt64 = 1 << 15, blockSize: UInt64 = 8, parallelism: UInt64 = 1, slots: HashingSlots = .perCore) {
        self.slots = slots
        self.costN = costN
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// The encoded hash of `password` with a fresh random salt.
    public func hash(_ password: String) -> String {
        let salt = SecureRandom.bytes(Self.saltLength)
        let key = slots.withSlot {
            Self.scrypt(Array(password.utf8), salt: salt, n: costN, r: blockSize, p: parallelism, length: Self.keyLength)!
        }
        return "scrypt$\(costN)$\(blockSize)$\(parallelism)$\(Base64URL.encode(salt))$\(Base64URL.encode(key))"
    }

    /// True when `password` matches `encoded`; false for a wrong password or a hash it cannot read.
    public func verify(_ password: String, against encoded: String) -> Bool {
        guard let stored = StoredHash(encoded),
              let key = slots.withSlot({
                  Self.scrypt(Array(password.utf8), salt: stored.salt, n: stored.n, r: stored.r, p: stored.p, length: stored.key.count)
              })
        else { return false }
        return Digest.constantTimeEqual(key, stored.key)
    }

    /// True when `encoded` was made with weaker parameters than this hasher's.
    public func needsRehash(_ encoded: String) -> Bool {
        guard let stored = StoredHash(encoded) else { return true }
        return stored.n < costN || stored.r < blockSize || stored.p < parallelism
    }

    static func scrypt(_ password: [UInt8], salt: [UInt8], n: UInt64, r: UInt64, p: UInt64, length: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: length)
        // Memory scrypt needs is about 128·N·r·p bytes; allow it with headroom.
        let maxMemory = 128 * n * r * (p + 1) + (1 << 20)
        let ok = password.withUnsafeBytes { pw in
            salt.withUnsafeBytes { s in
                EVP_PBE_scrypt(pw.baseAddress?.assumingMemoryBound(to: CChar.self), pw.count,
                               s.baseAddress?.assumingMemoryBound(to: UInt8.self), s.count,
                               n, r, p, maxMemory, &out, length)
            }
        }
        return ok == 1 ? out : nil
    }

    /// The fields of an encoded hash.
    struct StoredHash {
        let n: UInt64, r: UInt64, p: UInt64
        let salt: [UInt8], key: [UInt8]

        init?(_ encoded: String) {
            let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
            guard parts.count == 6, parts[0] == "scrypt",
                  let n = UInt64(parts[1]), let r = UInt64(parts[2]), let p = UInt64(parts[3]),
                  n > 1, n & (n - 1) == 0, r > 0, p > 0, n <= 1 << 20, r <= 32, p <= 16,
                  let salt = Base64URL.decode(String(parts[4])), let key = Base64URL.decode(String(parts[5])),
                  !salt.isEmpty, key.count >= 16
            else { return nil }
            (self.n, self.r, self.p, self.salt, self.key) = (n, r, p, salt, key)
        }
    }
}
