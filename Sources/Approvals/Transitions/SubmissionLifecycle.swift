public import Foundation

/// What can happen to a submission.
public enum SubmissionEvent: Sendable, Hashable {
    /// Save the content being prepared (drafts may be incomplete).
    case editDraft(SubmissionContent)
    /// Freeze the draft into version 1.
    case submit
    /// Freeze new content into the next version, while the window (or an exception) is open.
    case amend(SubmissionContent)
    case withdraw(reason: String)
    case assignReviewer(UserID)
    case startReview
    case requestClarification(question: String)
    /// The AO's answer, with new content (a new version) if the documents changed.
    case answerClarification(answer: String, amendedContent: SubmissionContent?)
    /// Record the recommendation of a completed review.
    case recommend(Review)
    case decide(DecisionOutcome, reasons: String)

    /// The event's stable name: the table's key and the audit event's action.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case create
        case editDraft = "edit_draft"
        case submit, amend, withdraw
        case assignReviewer = "assign_reviewer"
        case startReview = "start_review"
        case requestClarification = "request_clarification"
        case answerClarification = "answer_clarification"
        case recommend, approve
        case notApprove = "not_approve"
    }

    public var kind: Kind {
        switch self {
        case .editDraft: .editDraft
        case .submit: .submit
        case .amend: .amend
        case .withdraw: .withdraw
        case .assignReviewer: .assignReviewer
        case .startReview: .startReview
        case .requestClarification: .requestClarification
        case .answerClarification: .answerClarification
        case .recommend: .recommend
        case .decide(let outcome, _): outcome == .approved ? .approve : .notApprove
        }
    }
}

/// The life of a submission: `draft -> submitted -> in_review <-> clarification_requested ->
/// recommended -> approved | not_approved`, `withdrawn` by the AO at any point before a decision.
public enum SubmissionLifecycle {
    public typealias State = Submission.State
    public typealias Kind = SubmissionEvent.Kind

    public static let table = TransitionTable<State, Kind>([
        .init(nil, .create, .draft),
        .init(.draft, .editDraft, .draft),
        .init(.draft, .submit, .submitted),
        .init(.draft, .withdraw, .withdrawn),
        .init(.submitted, .amend, .submitted),
        .init(.submitted, .assignReviewer, .submitted),
        .init(.submitted, .startReview, .inReview),
        .init(.submitted, .withdraw, .withdrawn),
        .init(.inReview, .amend, .inReview),
        .init(.inReview, .assignReviewer, .inReview),
        .init(.inReview, .requestClarification, .clarificationRequested),
        .init(.inReview, .recommend, .recommended),
        .init(.inReview, .withdraw, .withdrawn),
        .init(.clarificationRequested, .answerClarification, .inReview),
        .init(.clarificationRequested, .assignReviewer, .clarificationRequested),
        .init(.clarificationRequested, .withdraw, .withdrawn),
        .init(.recommended, .approve, .approved),
        .init(.recommended, .notApprove, .notApproved),
        .init(.recommended, .withdraw, .withdrawn),
    ])

    /// Start a draft submission for the actor's organisation in a cycle.
    public static func create(
        id: SubmissionID, reference: RecordReference, cycle: Cycle, organisationID: OrganisationID,
        content: SubmissionContent, changesSubmissionID: SubmissionID? = nil, by actor: Actor, at instant: Date
    ) throws(RuleViolation) -> Transition<Submission> {
        try Permission.requireAwardingOrganisation(actor, owning: organisationID, record: "a submission",
                                                   doing: "start")
        let submission = Submission(id: id, reference: reference, organisationID: organisationID, cycleID: cycle.id,
                                    state: .draft, draft: content, changesSubmissionID: changesSubmissionID,
                                    version: 1, createdAt: instant, updatedAt: instant)
        var details = ["cycle": cycle.code]
        if let changesSubmissionID { details["changes_submission_id"] = changesSubmissionID.rawValue }
        return Transition(record: submission, audit: audit(submission, .create, nil, actor, instant, details: details))
    }

    /// Start a change submission for a significant change to an approved qualification (our choice:
    /// a new submission linked to the approved one). The approved submission must be this AO's.
    public static func createChange(
        id: SubmissionID, reference: RecordReference, cycle: Cycle, changing approved: Submission,
        content: SubmissionContent, by actor: Actor, at instant: Date
    ) throws(RuleViolation) -> Transition<Submission> {
        guard approved.state == .approved else {
            throw RuleViolation(.invalidState,
                "\(approved.reference) is not approved, so a change submission cannot be made for it.")
        }
        return try create(id: id, reference: reference, cycle: cycle, organisationID: approved.organisationID,
                          content: content, changesSubmissionID: approved.id, by: actor, at: instant)
    }

    /// Apply an event: the new submission and its audit event, or the rule it breaks.
    public static func apply(
        _ event: SubmissionEvent, to submission: Submission, by actor: Actor, at instant: Date,
        context: SubmissionContext
    ) throws(RuleViolation) -> Transition<Submission> {
        let kind = event.kind
        guard let target = table.target(from: submission.state, on: kind) else {
            throw InvalidState.violation(record: submission.reference, recordName: "submission",
                state: submission.state.rawValue, action: kind.rawValue,
                allowed: table.events(from: submission.state).map(\.rawValue))
        }
        let ref = submission.reference.description
        var next = submission
        var reason: String?
        var details: [String: String] = [:]

        switch event {
        case .editDraft(let content):
            try Permission.requireAwardingOrganisation(actor, owning: submission.organisationID, record: ref, doing: "edit")
            next.draft = content

        case .submit:
            try Permission.requireAwardingOrganisation(actor, owning: submission.organisationID, record: ref, doing: "submit")
            let exceptionID = try checkSubmittable(submission.draft, submission, context, instant)
            next.versions.append(SubmissionVersion(number: 1, content: submission.draft, submittedAt: instant,
                                                   submittedBy: actor.id, lateExceptionID: exceptionID))
            details["submission_version"] = "1"
            if let exceptionID { details["late_exception_id"] = exceptionID.rawValue }

        case .amend(let content):
            try Permission.requireAwardingOrganisation(actor, owning: submission.organisationID, record: ref, doing: "amend")
            if submission.state == .inReview && !context.policy.amendDuringReview {
                throw RuleViolation(.invalidState,
                    "\(ref) is being reviewed, and amendments during review are not accepted. Wait for a clarification request.")
            }
            let exceptionID = try checkSubmittable(content, submission, context, instant)
            let number = submission.versions.count + 1
            next.draft = content
            next.versions.append(SubmissionVersion(number: number, content: content, submittedAt: instant,
                                                   submittedBy: actor.id, lateExceptionID: exceptionID))
            details["submission_version"] = String(number)
            if let exceptionID { details["late_exception_id"] = exceptionID.rawValue }

        case .withdraw(let why):
            try Permission.requireAwardingOrganisation(actor, owning: submission.organisationID, record: ref, doing: "withdraw")
            reason = why

        case .assignReviewer(let reviewer):
            try Permission.requireRole(.admin, actor, doing: "assign reviewers")
            try Permission.requireNoConflict(reviewer: reviewer, organisation: submission.organisationID,
                                             conflicts: context.conflicts, record: ref)
            next.assignedReviewerID = reviewer
            details["reviewer_id"] = reviewer.rawValue
            if let previous = submission.assignedReviewerID { details["previous_reviewer_id"] = previous.rawValue }

        case .startReview:
            try Permission.requireAssignedReviewer(actor, assigned: submission.assignedReviewerID,
                organisation: submission.organisationID, conflicts: context.conflicts, record: ref, doing: "review it")

        case .requestClarification(let question):
            try Permission.requireAssignedReviewer(actor, assigned: submission.assignedReviewerID,
                organisation: submission.organisationID, conflicts: context.conflicts, record: ref,
                doing: "ask for clarification")
            try requireText(question, field: "question", "Enter the question the awarding organisation should answer.")
            let number = submission.clarificationRounds.count + 1
            next.clarificationRounds.append(ClarificationRound(number: number, question: question,
                                                               askedBy: actor.id, askedAt: instant))
            details["clarification_round"] = String(number)

        case .answerClarification(let answer, let amended):
            try Permission.requireAwardingOrganisation(actor, owning: submission.organisationID, record: ref, doing: "answer")
            try requireText(answer, field: "answer", "Enter your answer to the clarification request.")
            guard var round = submission.openClarification else {
                throw RuleViolation(.invalidState, "\(ref) has no clarification request waiting for an answer.")
            }
            if let amended {
                // Answers come after the window by design, so only the content rules apply.
                let failures = SubmissionCheck.contentFailures(amended, context: context, at: instant)
                if let first = failures.first {
                    throw RuleViolation(first.rule, first.message, field: first.field, related: Array(failures.dropFirst()))
                }
                let number = submission.versions.count + 1
                next.draft = amended
                next.versions.append(SubmissionVersion(number: number, content: amended, submittedAt: instant,
                                                       submittedBy: actor.id))
                round.answerVersionNumber = number
                details["submission_version"] = String(number)
            }
            round.answer = answer
            round.answeredBy = actor.id
            round.answeredAt = instant
            next.clarificationRounds[next.clarificationRounds.count - 1] = round
            details["clarification_round"] = String(round.number)

        case .recommend(let review):
            try Permission.requireAssignedReviewer(actor, assigned: submission.assignedReviewerID,
                organisation: submission.organisationID, conflicts: context.conflicts, record: ref,
                doing: "recommend a decision")
            guard review.submissionID == submission.id, review.reviewerID == actor.id else {
                throw RuleViolation(.wrongRecord, "Review \(review.reference) is not your review of \(ref).")
            }
            guard review.state == .completed, let outcome = review.recommendedOutcome else {
                throw RuleViolation(.reviewNotComplete,
                    "Complete review \(review.reference), with an outcome for every criterion and a recommendation, before recommending a decision on \(ref).")
            }
            let latest = submission.versions.count
            next.recommendation = Recommendation(outcome: outcome, rationale: review.summary ?? "",
                                                 reviewID: review.id, recommendedBy: actor.id, recommendedAt: instant,
                                                 reviewedVersionNumber: review.versionNumber,
                                                 latestVersionNumber: latest)
            details["recommended_outcome"] = outcome.rawValue
            details["reviewed_version"] = String(review.versionNumber)
            details["latest_version"] = String(latest)
            details["review_id"] = review.id.rawValue

        case .decide(let outcome, let reasons):
            try Permission.requireRole(.approver, actor, doing: "record a decision")
            try requireText(reasons, field: "reasons", "Enter the reasons for the decision: the awarding organisation will read them.")
            if outcome == .approved,
                let note = context.regulatoryNotes.first(where: { $0.organisationID == submission.organisationID && $0.state == .open }) {
                throw RuleViolation(.regulatoryNoteOpen,
                    "An approval cannot be recorded while Ofqual regulatory note \(note.reference) on \(context.organisation.name) is open. An administrator must mark it addressed first.")
            }
            next.decision = Decision(outcome: outcome, reasons: reasons, decidedBy: actor.id, decidedAt: instant)
            reason = reasons
        }

        next.state = target
        next.version = submission.version + 1
        next.updatedAt = instant
        return Transition(record: next, audit: audit(next, kind, submission.state, actor, instant,
                                                      reason: reason, details: details))
    }

    /// The rules checked on submit and amend, all at once; the exception used, if any.
    static func checkSubmittable(_ content: SubmissionContent, _ submission: Submission, _ context: SubmissionContext,
                                 _ instant: Date) throws(RuleViolation) -> ExceptionID? {
        let failures = SubmissionCheck.checkBeforeSubmit(content, of: submission, context: context, at: instant)
        if let first = failures.first {
            throw RuleViolation(first.rule, first.message, field: first.field, related: Array(failures.dropFirst()))
        }
        let open = WindowCheck.check(.submission, cycle: context.cycle, organisation: submission.organisationID,
                                     recordType: .submission, recordID: submission.id.rawValue,
                                     exceptions: context.exceptions, at: instant, policy: context.policy)
        if case .success(let window) = open { return window.exceptionID }
        return nil
    }

    static func audit(_ submission: Submission, _ kind: Kind, _ before: State?, _ actor: Actor, _ instant: Date,
                      reason: String? = nil, details: [String: String] = [:]) -> AuditEvent {
        var details = details
        details["record_version"] = String(submission.version)
        return AuditEvent(actor: actor, at: instant, recordType: .submission, recordID: submission.id.rawValue,
                          recordReference: submission.reference, action: kind.rawValue,
                          stateBefore: before?.rawValue, stateAfter: submission.state.rawValue,
                          reason: reason, details: details)
    }
}

/// Refuses blank text where a person must write something.
func requireText(_ text: String, field: String, _ message: String) throws(RuleViolation) {
    if text.isBlank {
        throw RuleViolation(.requiredField, message, field: field)
    }
}
