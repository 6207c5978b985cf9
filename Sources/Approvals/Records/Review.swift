public import Foundation

/// A reviewer's assessment of a submission against the criteria of its category. Completed with a
/// recommendation, which the reviewer then records on the submission.
public struct Review: Hashable, Sendable, Codable {
    /// Where the record is in its life. Raw values are stored and shown in the API.
    public enum State: String, Sendable, Codable, CaseIterable {
        case inProgress = "in_progress"
        case completed
    }

    public let id: ReviewID
    public let reference: RecordReference
    public let submissionID: SubmissionID
    /// The AO whose submission it is (conflicts of interest are declared against organisations).
    public let organisationID: OrganisationID
    public let reviewerID: UserID
    public let category: QualificationCategory
    /// The submission version the review started on.
    public let versionNumber: Int
    public var state: State
    public var assessments: [CriterionAssessment]
    public var recommendedOutcome: DecisionOutcome?
    public var summary: String?
    public var completedAt: Date?
    public var version: Int
    public let createdAt: Date
    public var updatedAt: Date

    public init(id: ReviewID, reference: RecordReference, submissionID: SubmissionID, organisationID: OrganisationID,
                reviewerID: UserID, category: QualificationCategory, versionNumber: Int, state: State,
                assessments: [CriterionAssessment] = [], recommendedOutcome: DecisionOutcome? = nil,
                summary: String? = nil, completedAt: Date? = nil, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.reference = reference
        self.submissionID = submissionID
        self.organisationID = organisationID
        self.reviewerID = reviewerID
        self.category = category
        self.versionNumber = versionNumber
        self.state = state
        self.assessments = assessments
        self.recommendedOutcome = recommendedOutcome
        self.summary = summary
        self.completedAt = completedAt
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The latest assessment of a criterion, if made.
    public func assessment(of criterion: ReviewCriterion) -> CriterionAssessment? {
        assessments.last { $0.criterion == criterion }
    }

    /// Criteria of the category not yet assessed.
    public var unassessedCriteria: [ReviewCriterion] {
        ReviewCriterion.criteria(for: category).filter { assessment(of: $0) == nil }
    }
}

/// Met, not met, or needs clarification.
public enum CriterionOutcome: String, Sendable, Codable, CaseIterable {
    case met
    case notMet = "not_met"
    case needsClarification = "needs_clarification"
}

/// A reviewer's finding on one criterion, with a comment.
public struct CriterionAssessment: Hashable, Sendable, Codable {
    public let criterion: ReviewCriterion
    public let outcome: CriterionOutcome
    public let comment: String
    public let recordedAt: Date

    public init(criterion: ReviewCriterion, outcome: CriterionOutcome, comment: String, recordedAt: Date) {
        self.criterion = criterion
        self.outcome = outcome
        self.comment = comment
        self.recordedAt = recordedAt
    }
}
