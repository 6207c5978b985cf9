@testable import ApprovalsStore
import Foundation
import Testing
@testable import ApprovalsWeb

/// The cache of verified API tokens: one store read a second at most, and never past a revocation
/// or an expiry.
@Suite struct VerifiedTokensTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func token(expiresIn seconds: TimeInterval = 3600) -> APIToken {
        APIToken(id: "t1", name: "Ofqual sync", createdBy: "admin", createdAt: start, expiresAt: start.addingTimeInterval(seconds),
                 lastUsedAt: nil, revokedAt: nil)
    }

    @Test func aVerifiedTokenIsReusedForASecondThenVerifiedAgain() throws {
        let cache = VerifiedTokens(lifetime: 1)
        var reads = 0
        let verify = { () -> APIToken? in reads += 1; return self.token() }
        #expect(cache.token(digest: "d", at: start, verify: verify)?.id == "t1")
        #expect(cache.token(digest: "d", at: start.addingTimeInterval(0.5), verify: verify)?.id == "t1")
        #expect(reads == 1)
        #expect(cache.token(digest: "d", at: start.addingTimeInterval(1), verify: verify)?.id == "t1")
        #expect(reads == 2, "after a second the store is asked again (and records the use)")
    }

    @Test func aRevocationInThisProcessEndsTrustAtOnce() throws {
        let cache = VerifiedTokens(lifetime: 60)
        var answer: APIToken? = token()
        #expect(cache.token(digest: "d", at: start, verify: { answer }) != nil)
        answer = nil
        TokenRevocations.count.add(1, ordering: .sequentiallyConsistent)
        #expect(cache.token(digest: "d", at: start.addingTimeInterval(0.1), verify: { answer }) == nil)
    }

    @Test func anExpiredTokenIsNeverServedFromTheCache() throws {
        let cache = VerifiedTokens(lifetime: 60)
        var reads = 0
        #expect(cache.token(digest: "d", at: start, verify: { reads += 1; return self.token(expiresIn: 0.5) }) != nil)
        #expect(cache.token(digest: "d", at: start.addingTimeInterval(0.6), verify: { reads += 1; return nil }) == nil)
        #expect(reads == 2)
    }

    @Test func aClockThatWentBackIsNotTrusted() throws {
        let cache = VerifiedTokens(lifetime: 60)
        var reads = 0
        _ = cache.token(digest: "d", at: start, verify: { reads += 1; return self.token() })
        _ = cache.token(digest: "d", at: start.addingTimeInterval(-5), verify: { reads += 1; return self.token() })
        #expect(reads == 2)
    }
}
