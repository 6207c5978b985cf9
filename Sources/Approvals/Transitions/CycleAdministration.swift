public import Foundation

/// What an administrator changes on a cycle. Cycles have no states: their windows are the timeline.
public enum CycleEvent: Sendable, Hashable {
    case rename(String)
    /// Set (or, with nil, remove) one of the cycle's windows.
    case setWindow(WindowKind, TimeWindow?)
    case setProposalFeedbackDue(Date?)
    case setFirstTeaching(FirstTeaching?)
    case setScope(categories: Set<QualificationCategory>, routes: Set<Route>)
    /// Put a standard in scope from now on.
    case addStandard(reference: String)
    /// Take a standard out of scope from now on (its entry is kept, with the date).
    case removeStandard(reference: String)

    /// The event's stable name: the transition table's key and the audit event's action.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case create, rename
        case setWindow = "set_window"
        case setProposalFeedbackDue = "set_proposal_feedback_due"
        case setFirstTeaching = "set_first_teaching"
        case setScope = "set_scope"
        case addStandard = "add_standard"
        case removeStandard = "remove_standard"
    }

    public var kind: Kind {
        switch self {
        case .rename: .rename
        case .setWindow: .setWindow
        case .setProposalFeedbackDue: .setProposalFeedbackDue
        case .setFirstTeaching: .setFirstTeaching
        case .setScope: .setScope
        case .addStandard: .addStandard
        case .removeStandard: .removeStandard
        }
    }
}

/// Cycles are administered, not moved through states: every change is an administrator's, checked
/// for consistency, and audited.
public enum CycleAdministration {
    public static func create(_ cycle: Cycle, by actor: Actor, at instant: Date) throws(RuleViolation) -> Transition<Cycle> {
        try Permission.requireRole(.admin, actor, doing: "create cycles")
        guard RecordReference.isValidScope(cycle.code) else {
            throw RuleViolation(.requiredField,
                "The cycle code must be 2 to 12 capital letters and digits, like L3S25: it goes into every reference.",
                field: "code")
        }
        try requireText(cycle.name, field: "name", "Enter the cycle's name, like “Level 3 spring 2025”.")
        try checkScope(cycle.categories, level: cycle.level)
        var created = cycle
        created.version = 1
        return Transition(record: created, audit: audit(created, .create, actor, instant, details: ["code": cycle.code]))
    }

    public static func apply(_ event: CycleEvent, to cycle: Cycle, by actor: Actor, at instant: Date)
        throws(RuleViolation) -> Transition<Cycle> {
        try Permission.requireRole(.admin, actor, doing: "change cycles")
        var next = cycle
        var details: [String: String] = [:]
        switch event {
        case .rename(let name):
            try requireText(name, field: "name", "Enter the cycle's name.")
            next.name = name
            details["name"] = name
        case .setWindow(let kind, let window):
            switch kind {
            case .registrationOfIntent: next.windows.registrationOfIntent = window
            case .proposal: next.windows.proposal = window
            case .submission: next.windows.submission = window
            }
            details["window"] = kind.rawValue
            if let window {
                details["opens"] = window.opens.iso8601
                details["closes"] = window.closes.iso8601
            }
        case .setProposalFeedbackDue(let due):
            next.windows.proposalFeedbackDue = due
            if let due { details["due"] = due.iso8601 }
        case .setFirstTeaching(let first):
            next.firstTeaching = first
            if let first { details["first_teaching"] = first.description }
        case .setScope(let categories, let routes):
            try checkScope(categories, level: cycle.level)
            if routes.isEmpty {
                throw RuleViolation(.requiredField, "Choose at least one route.", field: "routes")
            }
            next.categories = categories
            next.routes = routes
            details["categories"] = categories.map(\.rawValue).sorted().joined(separator: ",")
            details["routes"] = routes.map(\.rawValue).sorted().joined(separator: ",")
        case .addStandard(let reference):
            guard OccupationalStandard.isValidReference(reference) else {
                throw RuleViolation(.requiredField, "\(reference) is not a standard reference. Use the form ST0123.",
                                    field: "standard")
            }
            if cycle.isInScope(standard: reference, at: instant) {
                throw RuleViolation(.standardAlreadyInScope, "\(reference) is already in scope for \(cycle.name).",
                                    field: "standard")
            }
            next.standardsInScope.append(StandardInScope(standardReference: reference, addedAt: instant))
            details["standard"] = reference
        case .removeStandard(let reference):
            guard let index = cycle.standardsInScope.firstIndex(where: {
                $0.standardReference == reference && $0.isInScope(at: instant)
            }) else {
                throw RuleViolation(.standardNotInScope, "\(reference) is not in scope for \(cycle.name), so it cannot be removed.",
                                    field: "standard")
            }
            next.standardsInScope[index].removedAt = instant
            details["standard"] = reference
        }
        next.version = cycle.version + 1
        return Transition(record: next, audit: audit(next, event.kind, actor, instant, details: details))
    }

    static func checkScope(_ categories: Set<QualificationCategory>, level: QualificationLevel) throws(RuleViolation) {
        if let wrong = categories.sorted(by: { $0.rawValue < $1.rawValue }).first(where: { !$0.levels.contains(level) }) {
            throw RuleViolation(.levelNotInCategory,
                "\(wrong.title) qualifications are not offered at \(level.title), so a \(level.title) cycle cannot accept them.",
                field: "categories")
        }
    }

    static func audit(_ cycle: Cycle, _ kind: CycleEvent.Kind, _ actor: Actor, _ instant: Date,
                      details: [String: String]) -> AuditEvent {
        var details = details
        details["record_version"] = String(cycle.version)
        return AuditEvent(actor: actor, at: instant, recordType: .cycle, recordID: cycle.id.rawValue,
                          recordReference: nil, action: kind.rawValue, stateBefore: nil, stateAfter: nil,
                          details: details)
    }
}
