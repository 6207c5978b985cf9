public import Foundation

/// The one place the service reads the time. In production it is the system clock; for tests and
/// demonstrations (`approvals serve --clock-start …`) it starts at a chosen instant and then runs
/// at the real rate, so that a deadline can be approached and crossed on purpose.
public struct ServiceClock: Sendable {
    /// The instant the clock was told to start from, or nil for the system clock.
    public let startedAt: Date?
    private let realStart: Date

    /// The system clock.
    public static let system = ServiceClock(startingAt: nil)

    public init(startingAt start: Date?) {
        self.startedAt = start
        self.realStart = Date()
    }

    /// The current instant as the service sees it.
    public func now() -> Date {
        guard let startedAt else { return Date() }
        return startedAt.addingTimeInterval(Date().timeIntervalSince(realStart))
    }

    /// True when the clock does not follow the system time: worth saying loudly in the log.
    public var isShifted: Bool { startedAt != nil }
}
