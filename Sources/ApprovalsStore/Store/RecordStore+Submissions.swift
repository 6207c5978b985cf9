public import Approvals
public import Foundation

extension RecordStore {
    /// Starts a draft submission with the next `SUB-<cycle>-NNNN` reference.
    @discardableResult
    public func createSubmission(cycleID: CycleID, organisationID: OrganisationID, content: SubmissionContent,
                                 changesSubmissionID: SubmissionID? = nil, by actor: Actor, at instant: Date) throws -> Submission {
        let code = try read { try $0.cycle(cycleID).code }
        return try create(Submission.self, referenceKind: .submission, scope: code) { id, reference, facts in
            try SubmissionLifecycle.create(id: SubmissionID(id), reference: reference, cycle: try facts.cycle(cycleID),
                                           organisationID: organisationID, content: content,
                                           changesSubmissionID: changesSubmissionID, by: actor, at: instant)
        }
    }

    /// Applies a submission event (submit, amend, withdraw, review steps, decision) to the version
    /// the person had loaded. The domain sees the cycle, organisation, exceptions, proposal,
    /// standards, specialist area, Ofqual notes and conflicts as they are in this transaction.
    @discardableResult
    public func applySubmission(_ event: SubmissionEvent, to id: SubmissionID, expectedVersion: Int, by actor: Actor,
                                at instant: Date, policy: ApprovalPolicy = .standard) throws -> Submission {
        try change(Submission.self, id: id.rawValue, expectedVersion: expectedVersion) { submission, facts in
            let content: SubmissionContent? = switch event {
            case .amend(let content): content
            case .answerClarification(_, let amended): amended
            default: nil
            }
            let context = try facts.submissionContext(for: submission, content: content, policy: policy)
            return try SubmissionLifecycle.apply(event, to: submission, by: actor, at: instant, context: context)
        }
    }
}
