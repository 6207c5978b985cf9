public import Foundation

/// Instants are `Date`s. The domain works to the millisecond (audit events are recorded to the
/// millisecond and the store keeps integers), so these helpers convert without floating-point drift.
extension Date {
    /// Whole milliseconds since 1970-01-01T00:00:00Z, rounded down.
    public var millisecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// The instant a whole number of milliseconds after 1970-01-01T00:00:00Z.
    public init(millisecondsSince1970 ms: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(ms) / 1000)
    }

    /// This instant with any part of a millisecond dropped, as it will read back from the store.
    public var truncatedToMilliseconds: Date { Date(millisecondsSince1970: millisecondsSince1970) }
}
