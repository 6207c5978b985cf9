public import Foundation

/// A qualification proposal: the Institute's advance look at an additional specialist (not on a
/// predefined area), employer-proposed or cross-cutting qualification, answered with non-binding
/// feedback.
public struct Proposal: Hashable, Sendable, Codable {
    /// Where the record is in its life. Raw values are stored and shown in the API.
    public enum State: String, Sendable, Codable, CaseIterable {
        case draft, submitted
        case inReview = "in_review"
        case feedbackIssued = "feedback_issued"
        case closed, withdrawn
    }

    public let id: ProposalID
    public let reference: RecordReference
    public let organisationID: OrganisationID
    public let cycleID: CycleID
    public var state: State
    public var content: ProposalContent
    public var assignedReviewerID: UserID?
    public var feedback: ProposalFeedback?
    public var submittedAt: Date?
    public var version: Int
    public let createdAt: Date
    public var updatedAt: Date

    public init(id: ProposalID, reference: RecordReference, organisationID: OrganisationID,
                cycleID: CycleID, state: State, content: ProposalContent, assignedReviewerID: UserID? = nil,
                feedback: ProposalFeedback? = nil, submittedAt: Date? = nil, version: Int,
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.reference = reference
        self.organisationID = organisationID
        self.cycleID = cycleID
        self.state = state
        self.content = content
        self.assignedReviewerID = assignedReviewerID
        self.feedback = feedback
        self.submittedAt = submittedAt
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// True once the proposal has gone to the Institute and not been withdrawn: what a submission
    /// that needs a proposal first requires.
    public var hasBeenSubmitted: Bool {
        [.submitted, .inReview, .feedbackIssued, .closed].contains(state)
    }
}

/// Everything a proposal form asks.
public struct ProposalContent: Hashable, Sendable, Codable {
    public var category: QualificationCategory
    public var proposedArea: String
    public var intendedTitle: String
    public var level: QualificationLevel
    public var aimsAndPurpose: String
    public var guidedLearningHours: Int
    public var totalQualificationTime: Int
    public var route: Route
    /// The standard(s) it builds on (none for employer-proposed).
    public var standardReferences: [String]
    public var proposedDuties: [String]
    public var reusedKSBs: [ReusedKSB]
    public var demandRationale: DemandRationale
    /// Present for employer-proposed proposals only.
    public var employerProposed: EmployerProposedDetails?

    public init(category: QualificationCategory, proposedArea: String, intendedTitle: String,
                level: QualificationLevel, aimsAndPurpose: String, guidedLearningHours: Int,
                totalQualificationTime: Int, route: Route, standardReferences: [String],
                proposedDuties: [String], reusedKSBs: [ReusedKSB] = [], demandRationale: DemandRationale,
                employerProposed: EmployerProposedDetails? = nil) {
        self.category = category
        self.proposedArea = proposedArea
        self.intendedTitle = intendedTitle
        self.level = level
        self.aimsAndPurpose = aimsAndPurpose
        self.guidedLearningHours = guidedLearningHours
        self.totalQualificationTime = totalQualificationTime
        self.route = route
        self.standardReferences = standardReferences
        self.proposedDuties = proposedDuties
        self.reusedKSBs = reusedKSBs
        self.demandRationale = demandRationale
        self.employerProposed = employerProposed
    }
}

/// A KSB of the linked standard that the proposal reuses, and why.
public struct ReusedKSB: Hashable, Sendable, Codable {
    public var standardReference: String
    public var ksbCode: String
    public var rationale: String

    public init(standardReference: String, ksbCode: String, rationale: String) {
        self.standardReference = standardReference
        self.ksbCode = ksbCode
        self.rationale = rationale
    }
}

/// The case for need or demand.
public struct DemandRationale: Hashable, Sendable, Codable {
    public var industryUnderstanding: String
    /// The AO's approach and how its understanding of industry informed it.
    public var approach: String
    /// How the duties build on the standard's outcomes (not asked for employer-proposed).
    public var howDutiesBuildOnStandard: String
    /// Whether statutory or professional body recognition needs the qualification.
    public var statutoryOrProfessionalRecognition: String

    public init(industryUnderstanding: String, approach: String, howDutiesBuildOnStandard: String = "",
                statutoryOrProfessionalRecognition: String) {
        self.industryUnderstanding = industryUnderstanding
        self.approach = approach
        self.howDutiesBuildOnStandard = howDutiesBuildOnStandard
        self.statutoryOrProfessionalRecognition = statutoryOrProfessionalRecognition
    }
}

/// What an employer-proposed proposal adds.
public struct EmployerProposedDetails: Hashable, Sendable, Codable {
    public var occupation: String
    public var jobRoles: [String]
    public var whyNoStandardServes: String

    public init(occupation: String, jobRoles: [String], whyNoStandardServes: String) {
        self.occupation = occupation
        self.jobRoles = jobRoles
        self.whyNoStandardServes = whyNoStandardServes
    }
}

/// The Institute's non-binding feedback on a proposal, in three parts, and the AO's answer to it.
public struct ProposalFeedback: Hashable, Sendable, Codable {
    public var categoryFitAndNeed: String
    public var dutiesQualityAndRelevance: String
    public var employerDemandApproach: String
    public let issuedBy: UserID
    public let issuedAt: Date
    /// Set by the AO: whether it asks for a one-to-one follow-up.
    public var followUpRequested: Bool?
    /// Set by the AO: whether it will proceed to a full submission.
    public var willProceed: Bool?
    public var respondedAt: Date?

    public init(categoryFitAndNeed: String, dutiesQualityAndRelevance: String, employerDemandApproach: String,
                issuedBy: UserID, issuedAt: Date, followUpRequested: Bool? = nil, willProceed: Bool? = nil,
                respondedAt: Date? = nil) {
        self.categoryFitAndNeed = categoryFitAndNeed
        self.dutiesQualityAndRelevance = dutiesQualityAndRelevance
        self.employerDemandApproach = employerDemandApproach
        self.issuedBy = issuedBy
        self.issuedAt = issuedAt
        self.followUpRequested = followUpRequested
        self.willProceed = willProceed
        self.respondedAt = respondedAt
    }
}
