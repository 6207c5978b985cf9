public import Foundation
import Synchronization

/// A token bucket per API token, in memory: each token may make `burst` requests at once and then
/// `perSecond` a second on average. A refused request is told how long to wait (Retry-After).
/// Memory is one small entry per token seen; tokens are few (one per DfE or Ofqual system).
public final class APIRateLimit: Sendable {
    public let perSecond: Double
    public let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    struct Bucket {
        var tokens: Double
        var updated: Date
    }

    public init(perSecond: Double = 20, burst: Double = 100) {
        precondition(perSecond > 0 && burst >= 1, "a rate limit needs a positive rate and a burst of at least one")
        self.perSecond = perSecond
        self.burst = burst
    }

    /// The limit the environment sets (`APPROVALS_API_RATE` requests a second, `APPROVALS_API_BURST`
    /// at once), else 20 a second with bursts of 100. Values that are not positive numbers are ignored.
    public static func configured(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> APIRateLimit {
        let rate = environment["APPROVALS_API_RATE"].flatMap(Double.init).flatMap { $0 > 0 && $0.isFinite ? $0 : nil } ?? 20
        let burst = environment["APPROVALS_API_BURST"].flatMap(Double.init).flatMap { $0 >= 1 && $0.isFinite ? $0 : nil } ?? max(100, rate * 5)
        return APIRateLimit(perSecond: rate, burst: burst)
    }

    /// Takes one request from `key`'s bucket at `now`: nil when allowed, else whole seconds to wait.
    public func take(_ key: String, at now: Date) -> Int? {
        buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            let elapsed = max(0, now.timeIntervalSince(bucket.updated))
            bucket.tokens = min(burst, bucket.tokens + elapsed * perSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up)))
        }
    }
}
