public import Foundation

/// What can happen to a conflict of interest declaration once made.
public enum ConflictEvent: Sendable, Hashable {
    case end(reason: String)

    /// The event's stable name: the transition table's key and the audit event's action.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case declare, end
    }

    public var kind: Kind { .end }
}

/// The life of a conflict of interest declaration: `declared -> ended`. A reviewer declares their
/// own (or an admin for them); only an admin ends one.
public enum ConflictLifecycle {
    public typealias State = ConflictOfInterest.State
    public typealias Kind = ConflictEvent.Kind

    public static let table = TransitionTable<State, Kind>([
        .init(nil, .declare, .declared),
        .init(.declared, .end, .ended),
    ])

    public static func declare(
        id: ConflictID, reference: RecordReference, reviewerID: UserID, organisationID: OrganisationID,
        description: String, by actor: Actor, at instant: Date
    ) throws(RuleViolation) -> Transition<ConflictOfInterest> {
        let forSelf = actor.has(.reviewer) && actor.id == reviewerID
        guard forSelf || actor.has(.admin) else {
            throw RuleViolation(.notPermitted,
                "Only the reviewer concerned or an administrator can declare a conflict of interest.")
        }
        try requireText(description, field: "description", "Describe the conflict of interest.")
        let conflict = ConflictOfInterest(id: id, reference: reference, reviewerID: reviewerID,
                                          organisationID: organisationID, description: description,
                                          declaredAt: instant, state: .declared, version: 1, updatedAt: instant)
        return Transition(record: conflict, audit: audit(conflict, .declare, nil, actor, instant, reason: description))
    }

    public static func apply(
        _ event: ConflictEvent, to conflict: ConflictOfInterest, by actor: Actor, at instant: Date
    ) throws(RuleViolation) -> Transition<ConflictOfInterest> {
        let kind = event.kind
        guard let target = table.target(from: conflict.state, on: kind) else {
            throw InvalidState.violation(record: conflict.reference, recordName: "conflict of interest declaration",
                state: conflict.state.rawValue, action: kind.rawValue,
                allowed: table.events(from: conflict.state).map(\.rawValue))
        }
        try Permission.requireRole(.admin, actor, doing: "end a conflict of interest declaration")
        var next = conflict
        let reason: String
        switch event {
        case .end(let why):
            try requireText(why, field: "reason", "Say why the conflict of interest no longer applies.")
            reason = why
            next.endedAt = instant
        }
        next.state = target
        next.version = conflict.version + 1
        next.updatedAt = instant
        return Transition(record: next, audit: audit(next, kind, conflict.state, actor, instant, reason: reason))
    }

    static func audit(_ conflict: ConflictOfInterest, _ kind: Kind, _ before: State?, _ actor: Actor, _ instant: Date,
                      reason: String?) -> AuditEvent {
        AuditEvent(actor: actor, at: instant, recordType: .conflictOfInterest, recordID: conflict.id.rawValue,
                   recordReference: conflict.reference, action: kind.rawValue, stateBefore: before?.rawValue,
                   stateAfter: conflict.state.rawValue, reason: reason,
                   details: ["record_version": String(conflict.version), "reviewer_id": conflict.reviewerID.rawValue,
                             "organisation_id": conflict.organisationID.rawValue])
    }
}
