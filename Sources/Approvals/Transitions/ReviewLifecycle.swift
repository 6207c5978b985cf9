public import Foundation

/// What can happen to a review once started.
public enum ReviewEvent: Sendable, Hashable {
    /// Record (or revise) the outcome of one criterion.
    case assess(ReviewCriterion, CriterionOutcome, comment: String)
    /// Finish with a recommendation and a summary the approver will read.
    case complete(recommendation: DecisionOutcome, summary: String)

    /// The event's stable name: the transition table's key and the audit event's action.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case start, assess, complete
    }

    public var kind: Kind {
        switch self {
        case .assess: .assess
        case .complete: .complete
        }
    }
}

/// The life of a review: `in_progress -> completed`. Only the assigned reviewer, free of any
/// conflict with the AO, works on it, and only while the submission is in review.
public enum ReviewLifecycle {
    public typealias State = Review.State
    public typealias Kind = ReviewEvent.Kind

    public static let table = TransitionTable<State, Kind>([
        .init(nil, .start, .inProgress),
        .init(.inProgress, .assess, .inProgress),
        .init(.inProgress, .complete, .completed),
    ])

    /// Start reviewing the latest version of a submission in review.
    public static func start(
        id: ReviewID, reference: RecordReference, submission: Submission, conflicts: [ConflictOfInterest],
        by actor: Actor, at instant: Date
    ) throws(RuleViolation) -> Transition<Review> {
        let ref = submission.reference.description
        try Permission.requireAssignedReviewer(actor, assigned: submission.assignedReviewerID,
            organisation: submission.organisationID, conflicts: conflicts, record: ref, doing: "review it")
        guard submission.state == .inReview, let latest = submission.latestVersion else {
            throw RuleViolation(.invalidState,
                "\(ref) is \(submission.state.rawValue.replacingOccurrences(of: "_", with: " ")); a review can start only once the submission is in review.")
        }
        let review = Review(id: id, reference: reference, submissionID: submission.id,
                            organisationID: submission.organisationID, reviewerID: actor.id,
                            category: latest.content.category, versionNumber: latest.number, state: .inProgress,
                            version: 1, createdAt: instant, updatedAt: instant)
        return Transition(record: review, audit: audit(review, .start, nil, actor, instant,
                                                       details: ["submission_version": String(latest.number)]))
    }

    /// Apply an event to a review. `submission` is the reviewed submission as it is now.
    public static func apply(
        _ event: ReviewEvent, to review: Review, by actor: Actor, at instant: Date, submission: Submission,
        conflicts: [ConflictOfInterest]
    ) throws(RuleViolation) -> Transition<Review> {
        let kind = event.kind
        guard let target = table.target(from: review.state, on: kind) else {
            throw InvalidState.violation(record: review.reference, recordName: "review", state: review.state.rawValue,
                action: kind.rawValue, allowed: table.events(from: review.state).map(\.rawValue))
        }
        let ref = review.reference.description
        guard submission.id == review.submissionID else {
            throw RuleViolation(.wrongRecord, "\(ref) is not a review of \(submission.reference).")
        }
        try Permission.requireRole(.reviewer, actor, doing: "work on a review")
        guard actor.id == review.reviewerID else {
            throw RuleViolation(.notAssignedReviewer, "\(ref) belongs to another reviewer. Only they can work on it.")
        }
        try Permission.requireNoConflict(reviewer: actor.id, organisation: review.organisationID,
                                         conflicts: conflicts, record: submission.reference.description)
        guard submission.state == .inReview || submission.state == .clarificationRequested else {
            throw RuleViolation(.invalidState,
                "\(submission.reference) is \(submission.state.rawValue.replacingOccurrences(of: "_", with: " ")), so its review cannot change.")
        }
        var next = review
        var details: [String: String] = [:]
        switch event {
        case .assess(let criterion, let outcome, let comment):
            guard ReviewCriterion.criteria(for: review.category).contains(criterion) else {
                throw RuleViolation(.wrongRecord,
                    "\(criterion.title) is not a criterion of the \(review.category.title.lowercased()) category.")
            }
            if outcome != .met {
                try requireText(comment, field: criterion.rawValue,
                                "Explain in a comment why \(criterion.title.lowercased()) is \(outcome.rawValue.replacingOccurrences(of: "_", with: " ")).")
            }
            next.assessments.append(CriterionAssessment(criterion: criterion, outcome: outcome, comment: comment,
                                                        recordedAt: instant))
            details["criterion"] = criterion.rawValue
            details["outcome"] = outcome.rawValue
        case .complete(let recommendation, let summary):
            let missing = review.unassessedCriteria
            if !missing.isEmpty {
                throw RuleViolation(.criteriaIncomplete,
                    "Record an outcome for every criterion before completing the review. Still to do: \(missing.map(\.title).joined(separator: ", ")).")
            }
            let unclear = ReviewCriterion.criteria(for: review.category).filter {
                review.assessment(of: $0)?.outcome == .needsClarification
            }
            if !unclear.isEmpty {
                throw RuleViolation(.clarificationOutstanding,
                    "\(unclear.map(\.title).joined(separator: ", ")) still needs clarification. Ask the awarding organisation for clarification, then record the outcome.")
            }
            let unmet = ReviewCriterion.criteria(for: review.category).filter { review.assessment(of: $0)?.outcome == .notMet }
            if recommendation == .approved && !unmet.isEmpty {
                throw RuleViolation(.recommendationInconsistent,
                    "You cannot recommend approval while criteria are not met: \(unmet.map(\.title).joined(separator: ", ")).")
            }
            try requireText(summary, field: "summary", "Write a summary of the review for the approver.")
            next.recommendedOutcome = recommendation
            next.summary = summary
            next.completedAt = instant
            details["recommendation"] = recommendation.rawValue
        }
        next.state = target
        next.version = review.version + 1
        next.updatedAt = instant
        return Transition(record: next, audit: audit(next, kind, review.state, actor, instant, details: details))
    }

    static func audit(_ review: Review, _ kind: Kind, _ before: State?, _ actor: Actor, _ instant: Date,
                      details: [String: String] = [:]) -> AuditEvent {
        var details = details
        details["record_version"] = String(review.version)
        details["submission_id"] = review.submissionID.rawValue
        return AuditEvent(actor: actor, at: instant, recordType: .review, recordID: review.id.rawValue,
                          recordReference: review.reference, action: kind.rawValue, stateBefore: before?.rawValue,
                          stateAfter: review.state.rawValue, details: details)
    }
}
