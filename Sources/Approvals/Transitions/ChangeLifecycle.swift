public import Foundation

/// What an AO records about a change after approval.
public struct ChangeRequest: Sendable, Hashable {
    public var standardReference: String
    public var standardRevisedAt: Date
    public var kind: ChangeAfterApproval.Kind
    public var description: String

    public init(standardReference: String, standardRevisedAt: Date, kind: ChangeAfterApproval.Kind,
                description: String) {
        self.standardReference = standardReference
        self.standardRevisedAt = standardRevisedAt
        self.kind = kind
        self.description = description
    }
}

/// What can happen to a change after approval once recorded.
public enum ChangeEvent: Sendable, Hashable {
    /// Link the change submission that carries a significant change.
    case linkChangeSubmission(Submission)

    /// The event's stable name: the transition table's key and the audit event's action.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case recordMinor = "record_minor"
        case recordSignificant = "record_significant"
        case linkChangeSubmission = "link_change_submission"
    }

    public var kind: Kind { .linkChangeSubmission }
}

/// The life of a change after approval: a minor change is `recorded` and done; a significant one
/// waits for its change submission (`awaiting_change_submission -> change_submission_linked`).
public enum ChangeLifecycle {
    public typealias State = ChangeAfterApproval.State
    public typealias Kind = ChangeEvent.Kind

    public static let table = TransitionTable<State, Kind>([
        .init(nil, .recordMinor, .recorded),
        .init(nil, .recordSignificant, .awaitingChangeSubmission),
        .init(.awaitingChangeSubmission, .linkChangeSubmission, .changeSubmissionLinked),
    ])

    public static func record(
        id: ChangeID, reference: RecordReference, approved submission: Submission, _ request: ChangeRequest,
        by actor: Actor, at instant: Date, policy: ApprovalPolicy = .standard
    ) throws(RuleViolation) -> Transition<ChangeAfterApproval> {
        let ref = submission.reference.description
        try Permission.requireAwardingOrganisation(actor, owning: submission.organisationID, record: ref,
                                                   doing: "record a change to")
        guard submission.state == .approved, let decision = submission.decision else {
            throw RuleViolation(.invalidState, "\(ref) is not approved, so there is no approved qualification to change.")
        }
        guard submission.latestVersion?.content.standardReferences.contains(request.standardReference) == true else {
            throw RuleViolation(.wrongRecord,
                "\(ref) is not built on standard \(request.standardReference). Name one of its standards.", field: "standard")
        }
        try requireText(request.description, field: "description", "Describe the change.")
        if request.kind == .minor {
            let decided = UKTime.wallClock(at: decision.decidedAt)
            let limitDay = decided.date.adding(years: policy.ownProcessChangeYears)
            // The flexibility runs to the same UK wall-clock moment, the given number of years on.
            let limit = (try? UKTime.instant(year: limitDay.year, month: limitDay.month, day: limitDay.day,
                                             hour: decided.hour, minute: decided.minute, second: decided.second))
                ?? decision.decidedAt
            if request.standardRevisedAt >= limit {
                throw RuleViolation(.changeNeedsSubmission,
                    "Standard \(request.standardReference) was revised more than \(policy.ownProcessChangeYears) year(s) after the decision on \(ref) (\(UKTime.describe(decision.decidedAt))), so the change cannot go through your own process. Record it as a significant change and make a change submission.",
                    field: "kind")
            }
        }
        let (kind, state): (Kind, State) = request.kind == .minor
            ? (.recordMinor, .recorded) : (.recordSignificant, .awaitingChangeSubmission)
        let change = ChangeAfterApproval(id: id, reference: reference, organisationID: submission.organisationID,
            approvedSubmissionID: submission.id, standardReference: request.standardReference,
            standardRevisedAt: request.standardRevisedAt, kind: request.kind, description: request.description,
            state: state, version: 1, createdAt: instant, updatedAt: instant)
        return Transition(record: change, audit: audit(change, kind, nil, actor, instant, reason: request.description))
    }

    public static func apply(
        _ event: ChangeEvent, to change: ChangeAfterApproval, by actor: Actor, at instant: Date
    ) throws(RuleViolation) -> Transition<ChangeAfterApproval> {
        let kind = event.kind
        guard let target = table.target(from: change.state, on: kind) else {
            throw InvalidState.violation(record: change.reference, recordName: "change", state: change.state.rawValue,
                action: kind.rawValue, allowed: table.events(from: change.state).map(\.rawValue))
        }
        try Permission.requireAwardingOrganisation(actor, owning: change.organisationID,
                                                   record: change.reference.description, doing: "update")
        var next = change
        switch event {
        case .linkChangeSubmission(let submission):
            guard submission.changesSubmissionID == change.approvedSubmissionID,
                submission.organisationID == change.organisationID, submission.state != .withdrawn
            else {
                throw RuleViolation(.wrongRecord,
                    "\(submission.reference) is not a live change submission for the approved qualification of \(change.reference). Start a submission that names it as the qualification it changes.",
                    field: "change_submission")
            }
            next.changeSubmissionID = submission.id
        }
        next.state = target
        next.version = change.version + 1
        next.updatedAt = instant
        return Transition(record: next, audit: audit(next, kind, change.state, actor, instant, reason: nil))
    }

    static func audit(_ change: ChangeAfterApproval, _ kind: Kind, _ before: State?, _ actor: Actor, _ instant: Date,
                      reason: String?) -> AuditEvent {
        var details = ["record_version": String(change.version),
                       "approved_submission_id": change.approvedSubmissionID.rawValue]
        if let linked = change.changeSubmissionID { details["change_submission_id"] = linked.rawValue }
        return AuditEvent(actor: actor, at: instant, recordType: .changeAfterApproval, recordID: change.id.rawValue,
                          recordReference: change.reference, action: kind.rawValue, stateBefore: before?.rawValue,
                          stateAfter: change.state.rawValue, reason: reason, details: details)
    }
}
