public import Foundation

/// An approvals cycle, e.g. "Level 3, spring 2025": its level, what it accepts, and its dated
/// windows. Windows are settings of each cycle, entered in UK time and held as instants.
public struct Cycle: Hashable, Sendable, Codable {
    public let id: CycleID
    /// The short code used in references, e.g. `L3S25` in `SUB-L3S25-0042`.
    public let code: String
    /// "Level 3 spring 2025": used in messages ("The submission window for Level 3 spring 2025 …").
    public var name: String
    public var level: QualificationLevel
    /// The cycle's number in the programme (cross-cutting proposals are needed from cycle 3).
    public var number: Int
    public var categories: Set<QualificationCategory>
    public var routes: Set<Route>
    public var windows: CycleWindows
    public var standardsInScope: [StandardInScope]
    public var firstTeaching: FirstTeaching?
    public var version: Int

    public init(id: CycleID, code: String, name: String, level: QualificationLevel, number: Int,
                categories: Set<QualificationCategory>, routes: Set<Route>, windows: CycleWindows,
                standardsInScope: [StandardInScope] = [], firstTeaching: FirstTeaching? = nil, version: Int = 1) {
        self.id = id
        self.code = code
        self.name = name
        self.level = level
        self.number = number
        self.categories = categories
        self.routes = routes
        self.windows = windows
        self.standardsInScope = standardsInScope
        self.firstTeaching = firstTeaching
        self.version = version
    }

    /// True when the standard is on the cycle's list at that instant: added at or before it and not
    /// yet removed (the removal instant itself is out, as windows are half-open).
    public func isInScope(standard reference: String, at instant: Date) -> Bool {
        standardsInScope.contains { $0.standardReference == reference && $0.isInScope(at: instant) }
    }

    /// The window of a kind, if the cycle has one.
    public func window(_ kind: WindowKind) -> TimeWindow? {
        switch kind {
        case .registrationOfIntent: windows.registrationOfIntent
        case .proposal: windows.proposal
        case .submission: windows.submission
        }
    }
}

/// The kinds of window an AO submits in. Proposal feedback and first teaching are dates, not windows.
public enum WindowKind: String, Sendable, Codable, CaseIterable {
    case registrationOfIntent = "registration_of_intent"
    case proposal
    case submission

    /// "registration of intent window", for messages.
    public var title: String {
        switch self {
        case .registrationOfIntent: "registration of intent window"
        case .proposal: "proposal submission window"
        case .submission: "submission window"
        }
    }
}

/// A cycle's dates. A cycle without a proposal stage has no proposal window.
public struct CycleWindows: Hashable, Sendable, Codable {
    public var registrationOfIntent: TimeWindow?
    public var proposal: TimeWindow?
    /// The instant by which the Institute aims to give proposal feedback (a target, not a window).
    public var proposalFeedbackDue: Date?
    public var submission: TimeWindow?

    public init(registrationOfIntent: TimeWindow? = nil, proposal: TimeWindow? = nil,
                proposalFeedbackDue: Date? = nil, submission: TimeWindow? = nil) {
        self.registrationOfIntent = registrationOfIntent
        self.proposal = proposal
        self.proposalFeedbackDue = proposalFeedbackDue
        self.submission = submission
    }
}

/// The month approved qualifications are first taught, e.g. August 2026.
public struct FirstTeaching: Hashable, Sendable, Codable {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    public var description: String { "\(CivilDate.monthNames[month - 1]) \(year)" }
}

/// One entry of a cycle's list of standards in scope, with when it was added and, if it has been,
/// removed. Entries are never deleted, so the list at any past instant can be recovered.
public struct StandardInScope: Hashable, Sendable, Codable {
    public let standardReference: String
    public let addedAt: Date
    public var removedAt: Date?

    public init(standardReference: String, addedAt: Date, removedAt: Date? = nil) {
        self.standardReference = standardReference
        self.addedAt = addedAt
        self.removedAt = removedAt
    }

    public func isInScope(at instant: Date) -> Bool {
        addedAt <= instant && (removedAt.map { instant < $0 } ?? true)
    }
}
