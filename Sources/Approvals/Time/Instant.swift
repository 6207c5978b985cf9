public import Foundation

/// Instants are `Date`s. The domain works to the millisecond (audit events are recorded to the
/// millisecond and the store keeps integers), so these helpers convert without floating-point drift.
extension Date {
    /// Whole milliseconds since 1970-01-01T00:00:00Z, rounded down.
    public var millisecondsSince1970: Int64 {
        let exact = timeIntervalSince1970 * 1000
        let nearest = exact.rounded()
        // A Date made from whole milliseconds comes back a hair either side of them (seconds are
        // binary fractions), so values within a microsecond snap to the millisecond they mean.
        if abs(exact - nearest) < 0.001 { return Int64(nearest) }
        return Int64(exact.rounded(.down))
    }

    /// The instant a whole number of milliseconds after 1970-01-01T00:00:00Z.
    public init(millisecondsSince1970 ms: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(ms) / 1000)
    }

    /// This instant with any part of a millisecond dropped, as it will read back from the store.
    public var truncatedToMilliseconds: Date { Date(millisecondsSince1970: millisecondsSince1970) }

    /// ISO 8601 in UTC to the millisecond, e.g. `2025-03-21T17:00:00.000Z`: the form audit details
    /// and the API use. Computed by hand so it needs no shared, non-Sendable formatter.
    public var iso8601: String {
        let ms = millisecondsSince1970
        let days = UKTime.floorDiv(ms, 86_400_000)
        let rest = ms - days * 86_400_000
        let date = CivilDate(daysSinceEpoch: Int(days))
        let h = rest / 3_600_000, m = (rest / 60_000) % 60, s = (rest / 1000) % 60, f = rest % 1000
        func pad(_ n: Int64, _ width: Int) -> String {
            let text = String(n)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(Int64(date.year), 4))-\(pad(Int64(date.month), 2))-\(pad(Int64(date.day), 2))T"
            + "\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)).\(pad(f, 3))Z"
    }
}
