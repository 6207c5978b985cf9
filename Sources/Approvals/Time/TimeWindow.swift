public import Foundation

/// A half-open interval of instants [opens, closes): open at `opens` exactly, closed at `closes`
/// exactly. A submission stamped 17:00:00.000 on the closing day of a window that closes at 17:00 is late.
public struct TimeWindow: Hashable, Sendable, Codable {
    public let opens: Date
    public let closes: Date

    /// Nil unless `opens` is strictly before `closes`: an empty or inverted window is a data error.
    public init?(opens: Date, closes: Date) {
        guard opens < closes else { return nil }
        self.opens = opens
        self.closes = closes
    }

    public func contains(_ instant: Date) -> Bool { opens <= instant && instant < closes }

    public func hasNotOpened(at instant: Date) -> Bool { instant < opens }

    public func hasClosed(at instant: Date) -> Bool { instant >= closes }

    /// The same window with a later closing instant (a granted late-submission exception).
    public func extended(to newClose: Date) -> TimeWindow {
        TimeWindow(opens: opens, closes: max(closes, newClose)) ?? self
    }
}
