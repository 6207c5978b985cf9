/// The kinds of record the audit trail names. Raw values are stored and shown in the change feed.
public enum RecordType: String, Sendable, Codable, CaseIterable, Hashable {
    case cycle
    case organisation
    case registrationOfIntent = "registration_of_intent"
    case proposal
    case submission
    case review
    case lateSubmissionException = "late_submission_exception"
    case ofqualRegulatoryNote = "ofqual_regulatory_note"
    case changeAfterApproval = "change_after_approval"
    case conflictOfInterest = "conflict_of_interest"
}
