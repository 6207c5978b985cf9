public import Foundation

/// A change an AO makes to an approved qualification after its standard was revised. A minor change
/// within the flexibility period is applied through the AO's own process and only recorded; a
/// significant one needs a change submission (our choice: a new submission linked to the approved one).
public struct ChangeAfterApproval: Hashable, Sendable, Codable {
    /// Where the record is in its life. Raw values are stored and shown in the API.
    public enum State: String, Sendable, Codable, CaseIterable {
        /// A minor change, applied by the AO and recorded here: nothing more to do.
        case recorded
        /// A significant change waiting for its change submission.
        case awaitingChangeSubmission = "awaiting_change_submission"
        case changeSubmissionLinked = "change_submission_linked"
    }

    /// Minor (applied through the AO's own process) or significant (needs a change submission).
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case minor, significant
    }

    public let id: ChangeID
    public let reference: RecordReference
    public let organisationID: OrganisationID
    public let approvedSubmissionID: SubmissionID
    public let standardReference: String
    /// When the standard was revised.
    public let standardRevisedAt: Date
    public let kind: Kind
    public let description: String
    public var state: State
    public var changeSubmissionID: SubmissionID?
    public var version: Int
    public let createdAt: Date
    public var updatedAt: Date

    public init(id: ChangeID, reference: RecordReference, organisationID: OrganisationID,
                approvedSubmissionID: SubmissionID, standardReference: String, standardRevisedAt: Date, kind: Kind,
                description: String, state: State, changeSubmissionID: SubmissionID? = nil, version: Int,
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.reference = reference
        self.organisationID = organisationID
        self.approvedSubmissionID = approvedSubmissionID
        self.standardReference = standardReference
        self.standardRevisedAt = standardRevisedAt
        self.kind = kind
        self.description = description
        self.state = state
        self.changeSubmissionID = changeSubmissionID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
