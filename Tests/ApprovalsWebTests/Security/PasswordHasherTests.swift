import Testing
@testable import ApprovalsWeb

@Suite struct PasswordHasherTests {
    // A cheap cost keeps the suite quick; the parameters travel with each hash either way.
    let hasher = PasswordHasher(costN: 1 << 10, blockSize: 8, parallelism: 1)

    @Test func scryptMatchesRFC7914Vector() throws {
        let key = try #require(PasswordHasher.scrypt(Array("password".utf8), salt: Array("NaCl".utf8), n: 1024, r: 8, p: 16, length: 64))
        #expect(Digest.hex(key) == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }

    @Test func verifiesTheRightPasswordOnly() {
        let stored = hasher.hash("correct battery horse staple")
        #expect(stored.hasPrefix("scrypt$1024$8$1$"))
        #expect(hasher.verify("correct battery horse staple", against: stored))
        #expect(!hasher.verify("correct battery horse stapler", against: stored))
        #expect(!hasher.verify("", against: stored))
    }

    @Test func saltsEveryHash() {
        #expect(hasher.hash("same pass phrase here") != hasher.hash("same pass phrase here"))
    }

    @Test func refusesMalformedOrAbsurdStoredHashes() {
        #expect(!hasher.verify("x", against: "scrypt$1024$8$1$$"))
        #expect(!hasher.verify("x", against: "bcrypt$whatever"))
        #expect(!hasher.verify("x", against: "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"))
        #expect(!hasher.verify("x", against: "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
    }

    @Test func asksForRehashWhenParametersRise() {
        let weak = hasher.hash("a long enough pass phrase")
        #expect(!hasher.needsRehash(weak))
        #expect(PasswordHasher(costN: 1 << 11).needsRehash(weak))
        #expect(hasher.needsRehash("not a hash"))
    }
}
