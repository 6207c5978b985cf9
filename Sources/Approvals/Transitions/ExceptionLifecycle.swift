public import Foundation

/// What an administrator can do with a late-submission exception request.
public enum ExceptionEvent: Sendable, Hashable {
    /// Grant, with the AO's new closing instant for that one record (exclusive, like windows).
    case grant(newDeadline: Date, reason: String)
    case refuse(reason: String)

    /// The event's stable name: the transition table's key and the audit event's action.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case request, grant, refuse
    }

    public var kind: Kind {
        switch self {
        case .grant: .grant
        case .refuse: .refuse
        }
    }
}

/// What an AO says when it asks for a late-submission exception.
public struct ExceptionRequest: Sendable, Hashable {
    public var window: WindowKind
    public var recordType: RecordType
    public var recordID: String
    public var reasonKind: LateSubmissionException.ReasonKind
    public var eventAt: Date
    public var whatHappened: String
    public var evidence: [DocumentReference]

    public init(window: WindowKind, recordType: RecordType, recordID: String,
                reasonKind: LateSubmissionException.ReasonKind, eventAt: Date, whatHappened: String,
                evidence: [DocumentReference]) {
        self.window = window
        self.recordType = recordType
        self.recordID = recordID
        self.reasonKind = reasonKind
        self.eventAt = eventAt
        self.whatHappened = whatHappened
        self.evidence = evidence
    }
}

/// The life of a late-submission exception: `requested -> granted | refused`. Lodged by the AO for
/// one record when `ExceptionLodging` allows it (from the window's close to the end of the policy's
/// lodging period, once per record at a time); decided by an administrator.
public enum ExceptionLifecycle {
    public typealias State = LateSubmissionException.State
    public typealias Kind = ExceptionEvent.Kind

    public static let table = TransitionTable<State, Kind>([
        .init(nil, .request, .requested),
        .init(.requested, .grant, .granted),
        .init(.requested, .refuse, .refused),
    ])

    /// Lodges a request for `subject`, the record as it is now, given the exceptions already lodged
    /// for it (`earlier`). Refused exactly when `ExceptionLodging` says the pages would not offer it.
    public static func request(
        id: ExceptionID, reference: RecordReference, cycle: Cycle, subject: ExceptionSubject,
        earlier: [LateSubmissionException], _ request: ExceptionRequest, by actor: Actor, at instant: Date,
        policy: ApprovalPolicy = .standard
    ) throws(RuleViolation) -> Transition<LateSubmissionException> {
        try Permission.requireAwardingOrganisation(actor, owning: subject.organisationID,
                                                   record: "a late-submission exception", doing: "request")
        let failures = checkBeforeRequest(request, for: subject, cycle: cycle, earlier: earlier, at: instant, policy: policy)
        if let first = failures.first {
            throw RuleViolation(first.rule, first.message, field: first.field, related: Array(failures.dropFirst()))
        }
        let record = LateSubmissionException(id: id, reference: reference, organisationID: subject.organisationID,
            cycleID: cycle.id, window: subject.window, recordType: subject.recordType, recordID: subject.recordID,
            reasonKind: request.reasonKind, eventAt: request.eventAt, whatHappened: request.whatHappened,
            evidence: request.evidence, state: .requested, requestedBy: actor.id, requestedAt: instant,
            version: 1, updatedAt: instant)
        return Transition(record: record, audit: audit(record, .request, nil, actor, instant, reason: request.whatHappened,
            details: ["window": subject.window.rawValue, "for_record_type": subject.recordType.rawValue,
                      "for_record_id": subject.recordID, "reason_kind": request.reasonKind.rawValue]))
    }

    /// Every failure of an exception request, at once, for the form's error summary: first whether
    /// one may be lodged at all for this record now (`ExceptionLodging`), then the form's content.
    public static func checkBeforeRequest(_ request: ExceptionRequest, for subject: ExceptionSubject, cycle: Cycle,
                                          earlier: [LateSubmissionException], at instant: Date,
                                          policy: ApprovalPolicy = .standard) -> [RuleViolation] {
        var failures: [RuleViolation] = []
        if request.window != subject.window || request.recordType != subject.recordType || request.recordID != subject.recordID {
            failures.append(RuleViolation(.wrongRecord,
                "This request names a different record or window from \(subject.reference)'s \(subject.window.title).", field: "record"))
        }
        if let refusal = ExceptionLodging.refusal(for: subject, cycle: cycle, earlier: earlier, at: instant, policy: policy) {
            failures.append(refusal)
        }
        if request.eventAt > instant {
            failures.append(RuleViolation(.exceptionEventInFuture,
                "The time of the event (\(UKTime.describe(request.eventAt))) is in the future. Enter when it happened.",
                field: "event_at"))
        }
        if request.whatHappened.isBlank {
            failures.append(RuleViolation(.requiredField, "Describe what happened.", field: "what_happened"))
        }
        if request.evidence.isEmpty {
            failures.append(RuleViolation(.requiredField, "Upload evidence of what happened.", field: "evidence"))
        }
        return failures
    }

    public static func apply(
        _ event: ExceptionEvent, to record: LateSubmissionException, by actor: Actor, at instant: Date, cycle: Cycle
    ) throws(RuleViolation) -> Transition<LateSubmissionException> {
        let kind = event.kind
        guard let target = table.target(from: record.state, on: kind) else {
            throw InvalidState.violation(record: record.reference, recordName: "late-submission exception",
                state: record.state.rawValue, action: kind.rawValue,
                allowed: table.events(from: record.state).map(\.rawValue))
        }
        try Permission.requireRole(.admin, actor, doing: "decide late-submission exceptions")
        guard cycle.id == record.cycleID, let window = cycle.window(record.window) else {
            throw RuleViolation(.wrongRecord, "\(record.reference) is not for \(cycle.name).")
        }
        var next = record
        var details: [String: String] = [:]
        let reason: String
        switch event {
        case .grant(let deadline, let why):
            if deadline <= window.closes || deadline <= instant {
                throw RuleViolation(.exceptionDeadlineInvalid,
                    "The new deadline must be after the window closed (\(UKTime.describe(window.closes))) and after now (\(UKTime.describe(instant))).",
                    field: "new_deadline")
            }
            try requireText(why, field: "reason", "Enter the reason for granting the exception.")
            next.newDeadline = deadline
            details["new_deadline"] = deadline.iso8601
            reason = why
        case .refuse(let why):
            try requireText(why, field: "reason", "Enter the reason for refusing the exception: the awarding organisation will read it.")
            reason = why
        }
        next.decisionReason = reason
        next.decidedBy = actor.id
        next.decidedAt = instant
        next.state = target
        next.version = record.version + 1
        next.updatedAt = instant
        return Transition(record: next, audit: audit(next, kind, record.state, actor, instant, reason: reason,
                                                     details: details))
    }

    static func audit(_ record: LateSubmissionException, _ kind: Kind, _ before: State?, _ actor: Actor,
                      _ instant: Date, reason: String?, details: [String: String]) -> AuditEvent {
        var details = details
        details["record_version"] = String(record.version)
        return AuditEvent(actor: actor, at: instant, recordType: .lateSubmissionException, recordID: record.id.rawValue,
                          recordReference: record.reference, action: kind.rawValue, stateBefore: before?.rawValue,
                          stateAfter: record.state.rawValue, reason: reason, details: details)
    }
}
