import CSHA256Pair
import Testing
@testable import ContentHash

/// Two streams hashed together (our SHA-NI code, on whole blocks) give the same digests as each
/// hashed alone (OpenSSL's code), whatever the lengths and however the bytes are split.
@Suite struct SHA256PairTests {
    /// FIPS 180-2's long example: one million "a".
    static let millionA = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    static let millionADigest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

    @Test("the standard's examples, alone")
    func knownAnswersAlone() {
        #expect(SHA256Hasher.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Hasher.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Hasher.hex(of: Self.millionA) == Self.millionADigest)
    }

    @Test("one million \"a\" hashed together with another stream still gives the standard's digest")
    func knownAnswerTogether() {
        let other = bytes(1_000_000, seed: 7)
        let first = SHA256Hasher(), second = SHA256Hasher()
        Self.millionA.withUnsafeBytes { a in
            other.withUnsafeBytes { b in SHA256Hasher.update(first, a, together: second, b) }
        }
        #expect(first.finalizeHex() == Self.millionADigest)
        #expect(second.finalizeHex() == SHA256Hasher.hex(of: other))
    }

    @Test("where the processor has the SHA extensions the whole blocks are hashed together, and only those")
    func pairsWholeBlocksOnly() {
        let a = bytes(10_000, seed: 1), b = bytes(10_000, seed: 2)
        var first = SHA256_CTX(), second = SHA256_CTX()
        content_sha256_init(&first)
        content_sha256_init(&second)
        let together = content_sha256_update_pair(&first, a, &second, b, 10_000, SHA256Hasher.pairs)
        // 156 whole blocks; the 16 bytes after them are left to OpenSSL. Without the extensions, none.
        #expect(together == (SHA256Hasher.pairs ? 9_984 : 0))
        // A context holding a partial block cannot be paired until that block is complete.
        content_sha256_update(&first, a, 10)
        #expect(content_sha256_update_pair(&first, a, &second, b, 640, SHA256Hasher.pairs) == 0)
    }

    @Test("random lengths and splits, partial blocks between, give each stream's own digest", arguments: 0..<40)
    func randomSplits(seed: UInt64) {
        var generator = SystemRandomNumberGenerator()
        let a = bytes(Int.random(in: 0...300_000, using: &generator), seed: seed &+ 100)
        let b = bytes(Int.random(in: 0...300_000, using: &generator), seed: seed &+ 200)
        // The calls' lengths, to repeat a failing case.
        var splits: [(Int, Int)] = []
        let first = SHA256Hasher(), second = SHA256Hasher()
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            // Lengths often whole blocks (the uploads' case) and sometimes not, so that partial
            // blocks come and go between paired calls.
            var n = Int.random(in: 0...70_000, using: &generator)
            if Bool.random(using: &generator) { n -= n % 64 }
            let m = Bool.random(using: &generator) ? n : Int.random(in: 0...70_000, using: &generator)
            let na = min(n, a.count - i), nb = min(m, b.count - j)
            a.withUnsafeBytes { ra in
                b.withUnsafeBytes { rb in
                    SHA256Hasher.update(first, UnsafeRawBufferPointer(rebasing: ra[i..<(i + na)]),
                                        together: second, UnsafeRawBufferPointer(rebasing: rb[j..<(j + nb)]))
                }
            }
            (i, j) = (i + na, j + nb)
            splits.append((na, nb))
        }
        #expect(first.finalizeHex() == SHA256Hasher.hex(of: a), "lengths \(a.count), \(b.count); calls \(splits)")
        #expect(second.finalizeHex() == SHA256Hasher.hex(of: b), "lengths \(a.count), \(b.count); calls \(splits)")
    }

    /// Bytes that look random, the same for the same seed: the top byte of a multiplicative hash.
    private func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: ((UInt64($0) &+ seed &* 0x1_0000_0001) &* 0x9E37_79B9_7F4A_7C15) >> 56) }
    }
}
