public import Approvals
public import Foundation

extension RecordStore {
    /// Starts the review of a submission's latest version by `actor` (the assigned reviewer), with
    /// the next `REV-<cycle>-NNNN` reference. Refused under a conflict of interest.
    @discardableResult
    public func startReview(of submissionID: SubmissionID, by actor: Actor, at instant: Date) throws -> Review {
        let code = try read { facts in try facts.cycle(try facts.record(Submission.self, id: submissionID.rawValue).cycleID).code }
        return try create(Review.self, referenceKind: .review, scope: code) { id, reference, facts in
            let submission = try facts.record(Submission.self, id: submissionID.rawValue)
            return try ReviewLifecycle.start(id: ReviewID(id), reference: reference, submission: submission,
                                             conflicts: try facts.conflicts(organisation: submission.organisationID),
                                             by: actor, at: instant)
        }
    }

    /// Records a criterion's outcome or completes the review, on the version the reviewer had loaded.
    @discardableResult
    public func applyReview(_ event: ReviewEvent, to id: ReviewID, expectedVersion: Int, by actor: Actor,
                            at instant: Date) throws -> Review {
        try change(Review.self, id: id.rawValue, expectedVersion: expectedVersion) { review, facts in
            let submission = try facts.record(Submission.self, id: review.submissionID.rawValue)
            return try ReviewLifecycle.apply(event, to: review, by: actor, at: instant, submission: submission,
                                             conflicts: try facts.conflicts(organisation: review.organisationID))
        }
    }
}
