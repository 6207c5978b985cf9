public import Foundation

/// What can happen to an Ofqual regulatory note once recorded.
public enum RegulatoryNoteEvent: Sendable, Hashable {
    case markAddressed(resolution: String)

    /// The event's stable name: the transition table's key and the audit event's action.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case record
        case markAddressed = "mark_addressed"
    }

    public var kind: Kind { .markAddressed }
}

/// The life of an Ofqual regulatory note: `open -> addressed`, both by an administrator.
public enum RegulatoryNoteLifecycle {
    public typealias State = OfqualRegulatoryNote.State
    public typealias Kind = RegulatoryNoteEvent.Kind

    public static let table = TransitionTable<State, Kind>([
        .init(nil, .record, .open),
        .init(.open, .markAddressed, .addressed),
    ])

    public static func record(
        id: RegulatoryNoteID, reference: RecordReference, organisationID: OrganisationID, summary: String,
        receivedAt: Date, by actor: Actor, at instant: Date
    ) throws(RuleViolation) -> Transition<OfqualRegulatoryNote> {
        try Permission.requireRole(.admin, actor, doing: "record Ofqual regulatory notes")
        try requireText(summary, field: "summary", "Summarise what Ofqual told us.")
        if receivedAt > instant {
            throw RuleViolation(.requiredField, "The date Ofqual told us cannot be in the future.", field: "received_at")
        }
        let note = OfqualRegulatoryNote(id: id, reference: reference, organisationID: organisationID, summary: summary,
                                        receivedAt: receivedAt, state: .open, recordedBy: actor.id, version: 1,
                                        createdAt: instant, updatedAt: instant)
        return Transition(record: note, audit: audit(note, .record, nil, actor, instant, reason: summary))
    }

    public static func apply(
        _ event: RegulatoryNoteEvent, to note: OfqualRegulatoryNote, by actor: Actor, at instant: Date
    ) throws(RuleViolation) -> Transition<OfqualRegulatoryNote> {
        let kind = event.kind
        guard let target = table.target(from: note.state, on: kind) else {
            throw InvalidState.violation(record: note.reference, recordName: "Ofqual regulatory note",
                state: note.state.rawValue, action: kind.rawValue, allowed: table.events(from: note.state).map(\.rawValue))
        }
        try Permission.requireRole(.admin, actor, doing: "mark Ofqual regulatory notes addressed")
        var next = note
        switch event {
        case .markAddressed(let resolution):
            try requireText(resolution, field: "resolution", "Say how the regulatory issue was addressed.")
            next.resolution = resolution
            next.addressedAt = instant
            next.addressedBy = actor.id
        }
        next.state = target
        next.version = note.version + 1
        next.updatedAt = instant
        return Transition(record: next, audit: audit(next, kind, note.state, actor, instant, reason: next.resolution))
    }

    static func audit(_ note: OfqualRegulatoryNote, _ kind: Kind, _ before: State?, _ actor: Actor, _ instant: Date,
                      reason: String?) -> AuditEvent {
        AuditEvent(actor: actor, at: instant, recordType: .ofqualRegulatoryNote, recordID: note.id.rawValue,
                   recordReference: note.reference, action: kind.rawValue, stateBefore: before?.rawValue,
                   stateAfter: note.state.rawValue, reason: reason,
                   details: ["record_version": String(note.version), "organisation_id": note.organisationID.rawValue])
    }
}
