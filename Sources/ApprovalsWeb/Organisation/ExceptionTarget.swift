import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// The one record a late-submission exception is asked for, and the window it is late for: a
/// submission (submission window), a proposal (proposal window) or a registration of intent
/// (registration of intent window: DOMAIN.md's "outside the window nothing is accepted, except
/// through a granted exception" holds for every window).
struct ExceptionTarget {
    let window: WindowKind
    let recordType: RecordType
    let recordID: String
    let cycleID: CycleID
    let organisationID: OrganisationID
    let reference: RecordReference
    let title: String
    /// The record's own page, and where its submit is checked.
    let path: String
    let submitPath: String
    let isDraft: Bool
    /// The domain's view of the record, for `ExceptionLodging`.
    let subject: ExceptionSubject
    /// What the record is called ("submission") and the button that sends it once granted.
    let noun: String
    let nextStep: String

    /// The two kinds of record an exception can be asked for here, by the URL segment they live under.
    enum Kind: String, CaseIterable, Sendable {
        case submissions, proposals, registrations
    }

    static func load(_ kind: Kind, _ request: HTTPRequest, _ visit: Visit, own: OwnRecords) throws -> ExceptionTarget {
        switch kind {
        case .submissions:
            let submission = try own.submission(request, visit, .edit)
            return ExceptionTarget(submission)
        case .proposals:
            let proposal = try own.proposal(request, visit, .edit)
            return ExceptionTarget(proposal)
        case .registrations:
            let registration = try own.registration(request, visit, .edit)
            return ExceptionTarget(registration)
        }
    }

    init(_ submission: Submission) {
        window = .submission; recordType = .submission; recordID = submission.id.rawValue; cycleID = submission.cycleID
        organisationID = submission.organisationID; reference = submission.reference; title = submission.draft.title
        path = "/organisation/submissions/\(submission.reference)"; submitPath = path + "/check"; isDraft = submission.state == .draft
        subject = ExceptionSubject(submission)
        noun = "submission"; nextStep = "Check and submit the qualification now"
    }

    init(_ proposal: Proposal) {
        window = .proposal; recordType = .proposal; recordID = proposal.id.rawValue; cycleID = proposal.cycleID
        organisationID = proposal.organisationID; reference = proposal.reference
        title = proposal.content.intendedTitle.isEmpty ? proposal.content.proposedArea : proposal.content.intendedTitle
        path = "/organisation/proposals/\(proposal.reference)"; submitPath = path; isDraft = proposal.state == .draft
        subject = ExceptionSubject(proposal)
        noun = "proposal"; nextStep = "Check and send the proposal now"
    }

    init(_ registration: RegistrationOfIntent) {
        window = .registrationOfIntent; recordType = .registrationOfIntent; recordID = registration.id.rawValue
        cycleID = registration.cycleID; organisationID = registration.organisationID; reference = registration.reference
        title = "your registration of intent"
        path = "/organisation/registrations/\(registration.reference)"; submitPath = path; isDraft = registration.state == .draft
        subject = ExceptionSubject(registration)
        noun = "registration of intent"; nextStep = "Go to the registration to register your intent"
    }

    /// The record an existing exception is for, if it is still there.
    static func of(_ exception: LateSubmissionException, in records: RecordStore) throws -> ExceptionTarget? {
        switch exception.recordType {
        case .submission: try OwnRecords.linked(Submission.self, id: exception.recordID, in: records).map(ExceptionTarget.init)
        case .proposal: try OwnRecords.linked(Proposal.self, id: exception.recordID, in: records).map(ExceptionTarget.init)
        case .registrationOfIntent: try OwnRecords.linked(RegistrationOfIntent.self, id: exception.recordID, in: records).map(ExceptionTarget.init)
        default: nil
        }
    }
}
