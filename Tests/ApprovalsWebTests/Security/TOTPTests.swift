import Foundation
import Testing
@testable import ApprovalsWeb

@Suite struct TOTPTests {
    // RFC 6238 appendix B, SHA-1 rows, truncated to the 8 digits the RFC prints.
    static let vectors: [(TimeInterval, String)] = [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ]

    @Test(arguments: vectors)
    func matchesRFC6238(time: TimeInterval, expected: String) {
        var totp = TOTP(secret: Array("12345678901234567890".utf8))
        totp.digits = 8
        #expect(totp.code(at: Date(timeIntervalSince1970: time)) == expected)
    }

    @Test func acceptsOneStepOfDriftAndNeverTheSameCodeTwice() throws {
        let totp = TOTP(secret: TOTP.generateSecret())
        let now = Date(timeIntervalSince1970: 1_700_000_015)
        let previous = totp.code(at: now.addingTimeInterval(-30))
        let counter = try #require(totp.verify(previous, at: now))
        #expect(totp.verify(previous, at: now, lastUsedCounter: counter) == nil)
        #expect(totp.verify(totp.code(at: now.addingTimeInterval(-90)), at: now) == nil)
        #expect(totp.verify("12345", at: now) == nil)
        #expect(totp.verify("abcdef", at: now) == nil)
    }

    @Test func base32RoundTrips() {
        let secret: [UInt8] = Array("12345678901234567890".utf8)
        #expect(Base32.encode(secret) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(Base32.decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq") == secret)
        #expect(Base32.decode("not*base32") == nil)
    }
}
