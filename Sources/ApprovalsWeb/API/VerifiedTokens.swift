import ApprovalsStore
import Foundation
import Synchronization

/// API tokens recently verified against the store, so that a client polling the API costs one token
/// read a second rather than one a request. An entry is trusted for `lifetime` (one second: the
/// precision of a token's "last used", which the refresh records), only while the token is still
/// within its expiry, and never after a revocation made by this process (`TokenRevocations`); a
/// revocation made by another process (the `approvals tokens` command) takes effect within `lifetime`.
final class VerifiedTokens: Sendable {
    struct Entry {
        let token: APIToken
        let verifiedAt: Date
        let revocations: Int
    }

    let lifetime: TimeInterval
    private let entries = Mutex<[String: Entry]>([:])
    /// Tokens are few (one per DfE or Ofqual system); the bound guards against a flood of wrong ones
    /// (which are never cached anyway: only verified tokens are).
    private let capacity = 256

    init(lifetime: TimeInterval = 1) {
        self.lifetime = lifetime
    }

    /// The token for this digest: from the cache while trusted, else from `verify` (the store).
    func token(digest: String, at now: Date, verify: () throws -> APIToken?) rethrows -> APIToken? {
        let revocations = TokenRevocations.count.load(ordering: .sequentiallyConsistent)
        let cached = entries.withLock { $0[digest] }
        if let cached, cached.revocations == revocations, now >= cached.verifiedAt,
           now.timeIntervalSince(cached.verifiedAt) < lifetime, cached.token.isValid(at: now) {
            return cached.token
        }
        guard let token = try verify() else {
            entries.withLock { _ = $0.removeValue(forKey: digest) }
            return nil
        }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[digest] = Entry(token: token, verifiedAt: now, revocations: revocations)
        }
        return token
    }
}
