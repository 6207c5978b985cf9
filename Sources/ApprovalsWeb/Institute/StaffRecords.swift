import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Loads the record a staff page is about, by the reference in its path, and asks the access policy
/// about it: drafts and a conflicted reviewer's records are answered as not found (and audited), a
/// role that may not do the action is refused with the policy's reason.
struct StaffRecords: Sendable {
    let records: RecordStore

    func proposal(_ request: HTTPRequest, _ visit: Visit, _ action: AccessAction) throws -> Proposal {
        let reference = request.parameters["reference"] ?? ""
        guard RecordReference.isValid(reference.uppercased()), let proposal = try? records.record(Proposal.self, reference: reference) else {
            throw RoutingError.notFound
        }
        try check(visit, action, owner: proposal.organisationID, submitted: proposal.submittedAt != nil,
                  assigned: proposal.assignedReviewerID, type: "proposal", id: proposal.id.rawValue)
        return proposal
    }

    func submission(_ request: HTTPRequest, _ visit: Visit, _ action: AccessAction) throws -> Submission {
        let reference = request.parameters["reference"] ?? ""
        guard RecordReference.isValid(reference.uppercased()), let submission = try? records.record(Submission.self, reference: reference) else {
            throw RoutingError.notFound
        }
        try check(visit, action, owner: submission.organisationID, submitted: !submission.versions.isEmpty,
                  assigned: submission.assignedReviewerID, type: "submission", id: submission.id.rawValue)
        return submission
    }

    func exception(_ request: HTTPRequest, _ visit: Visit, _ action: AccessAction) throws -> LateSubmissionException {
        let reference = request.parameters["reference"] ?? ""
        guard RecordReference.isValid(reference.uppercased()),
              let exception = try? records.record(LateSubmissionException.self, reference: reference) else {
            throw RoutingError.notFound
        }
        try visit.require(.read, .review(ReviewFacts(organisation: exception.organisationID, assignedReviewer: nil)),
                          recordType: "late_submission_exception", recordID: exception.id.rawValue)
        try visit.require(action, .administration, recordType: "late_submission_exception", recordID: exception.id.rawValue)
        return exception
    }

    /// Staff read only what has left the AO; reviewers never read an AO they declared a conflict with.
    func check(_ visit: Visit, _ action: AccessAction, owner: OrganisationID, submitted: Bool, assigned: UserID?,
               type: String, id: String) throws {
        try visit.require(.read, .organisationRecord(OrganisationRecordFacts(owner: owner, submitted: submitted)), recordType: type, recordID: id)
        try visit.require(.read, .review(ReviewFacts(organisation: owner, assignedReviewer: assigned)), recordType: type, recordID: id)
        if action != .read {
            try visit.require(action, .review(ReviewFacts(organisation: owner, assignedReviewer: assigned)), recordType: type, recordID: id)
        }
    }
}
