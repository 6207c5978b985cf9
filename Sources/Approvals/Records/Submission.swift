public import Foundation

/// A qualification submitted for approval. What the AO submits lives in immutable
/// `SubmissionVersion`s: each submit or amendment appends one, and reviewers see them all.
public struct Submission: Hashable, Sendable, Codable {
    /// Where the record is in its life. Raw values are stored and shown in the API.
    public enum State: String, Sendable, Codable, CaseIterable {
        case draft, submitted
        case inReview = "in_review"
        case clarificationRequested = "clarification_requested"
        case recommended, approved
        case notApproved = "not_approved"
        case withdrawn

        /// No transition leaves these.
        public var isFinal: Bool { self == .approved || self == .notApproved || self == .withdrawn }
    }

    public let id: SubmissionID
    public let reference: RecordReference
    public let organisationID: OrganisationID
    public let cycleID: CycleID
    public var state: State
    /// The content being prepared: what the next submit or amendment will freeze into a version.
    public var draft: SubmissionContent
    /// Every submitted version, oldest first, numbered from 1. Never changed once appended.
    public var versions: [SubmissionVersion]
    public var assignedReviewerID: UserID?
    public var clarificationRounds: [ClarificationRound]
    public var recommendation: Recommendation?
    public var decision: Decision?
    /// For a change submission: the approved submission it changes.
    public var changesSubmissionID: SubmissionID?
    public var version: Int
    public let createdAt: Date
    public var updatedAt: Date

    public init(id: SubmissionID, reference: RecordReference, organisationID: OrganisationID, cycleID: CycleID,
                state: State, draft: SubmissionContent, versions: [SubmissionVersion] = [],
                assignedReviewerID: UserID? = nil, clarificationRounds: [ClarificationRound] = [],
                recommendation: Recommendation? = nil, decision: Decision? = nil,
                changesSubmissionID: SubmissionID? = nil, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.reference = reference
        self.organisationID = organisationID
        self.cycleID = cycleID
        self.state = state
        self.draft = draft
        self.versions = versions
        self.assignedReviewerID = assignedReviewerID
        self.clarificationRounds = clarificationRounds
        self.recommendation = recommendation
        self.decision = decision
        self.changesSubmissionID = changesSubmissionID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var latestVersion: SubmissionVersion? { versions.last }

    /// The clarification round still waiting for the AO's answer, if any.
    public var openClarification: ClarificationRound? {
        clarificationRounds.last.flatMap { $0.answeredAt == nil ? $0 : nil }
    }
}

/// The qualification as the AO describes it.
public struct SubmissionContent: Hashable, Sendable, Codable {
    public var category: QualificationCategory
    public var title: String
    public var level: QualificationLevel
    public var ageGroups: Set<AgeGroup>
    public var guidedLearningHours: Int
    public var totalQualificationTime: Int
    public var route: Route
    public var sectorSubjectArea: SectorSubjectArea?
    public var standardReferences: [String]
    public var ksbMapping: [KSBMapping]
    /// The predefined specialist area it is built on, if any.
    public var specialistAreaID: SpecialistAreaID?
    public var specialistSubArea: String?
    /// The proposal it follows, if any.
    public var proposalID: ProposalID?
    public var employerDemandEvidence: String
    public var documents: [DocumentReference]

    public init(category: QualificationCategory, title: String, level: QualificationLevel,
                ageGroups: Set<AgeGroup> = [.sixteenToNineteen, .adult], guidedLearningHours: Int,
                totalQualificationTime: Int, route: Route, sectorSubjectArea: SectorSubjectArea?,
                standardReferences: [String], ksbMapping: [KSBMapping] = [], specialistAreaID: SpecialistAreaID? = nil,
                specialistSubArea: String? = nil, proposalID: ProposalID? = nil, employerDemandEvidence: String = "",
                documents: [DocumentReference] = []) {
        self.category = category
        self.title = title
        self.level = level
        self.ageGroups = ageGroups
        self.guidedLearningHours = guidedLearningHours
        self.totalQualificationTime = totalQualificationTime
        self.route = route
        self.sectorSubjectArea = sectorSubjectArea
        self.standardReferences = standardReferences
        self.ksbMapping = ksbMapping
        self.specialistAreaID = specialistAreaID
        self.specialistSubArea = specialistSubArea
        self.proposalID = proposalID
        self.employerDemandEvidence = employerDemandEvidence
        self.documents = documents
    }
}

/// Where the qualification and its assessment cover one KSB of a standard.
public struct KSBMapping: Hashable, Sendable, Codable {
    public var standardReference: String
    public var ksbCode: String
    /// Where the qualification's content covers it (unit, learning outcome...).
    public var coveredIn: String
    /// Where the assessment covers it.
    public var assessedIn: String

    public init(standardReference: String, ksbCode: String, coveredIn: String, assessedIn: String) {
        self.standardReference = standardReference
        self.ksbCode = ksbCode
        self.coveredIn = coveredIn
        self.assessedIn = assessedIn
    }
}

/// A submitted version: frozen content, when and by whom, and the exception it came in under.
public struct SubmissionVersion: Hashable, Sendable, Codable {
    public let number: Int
    public let content: SubmissionContent
    public let submittedAt: Date
    public let submittedBy: UserID
    /// Set when the version was accepted after the window closed, under a granted exception.
    public let lateExceptionID: ExceptionID?

    public init(number: Int, content: SubmissionContent, submittedAt: Date, submittedBy: UserID,
                lateExceptionID: ExceptionID? = nil) {
        self.number = number
        self.content = content
        self.submittedAt = submittedAt
        self.submittedBy = submittedBy
        self.lateExceptionID = lateExceptionID
    }
}

/// A reviewer's question and the AO's answer (which may come with a new version).
public struct ClarificationRound: Hashable, Sendable, Codable {
    public let number: Int
    public let question: String
    public let askedBy: UserID
    public let askedAt: Date
    public var answer: String?
    public var answeredBy: UserID?
    public var answeredAt: Date?
    /// The version submitted with the answer, if the AO amended its documents.
    public var answerVersionNumber: Int?

    public init(number: Int, question: String, askedBy: UserID, askedAt: Date, answer: String? = nil,
                answeredBy: UserID? = nil, answeredAt: Date? = nil, answerVersionNumber: Int? = nil) {
        self.number = number
        self.question = question
        self.askedBy = askedBy
        self.askedAt = askedAt
        self.answer = answer
        self.answeredBy = answeredBy
        self.answeredAt = answeredAt
        self.answerVersionNumber = answerVersionNumber
    }
}

/// Approved or not: what a reviewer recommends and the approver decides.
public enum DecisionOutcome: String, Sendable, Codable, CaseIterable {
    case approved
    case notApproved = "not_approved"
}

/// A reviewer's recommendation, made from a completed review.
public struct Recommendation: Hashable, Sendable, Codable {
    public let outcome: DecisionOutcome
    public let rationale: String
    public let reviewID: ReviewID
    public let recommendedBy: UserID
    public let recommendedAt: Date
    /// The version the review started on, and the latest version when the recommendation was made:
    /// when they differ the approver knows later versions came in during the review. (Optional so
    /// that records stored before these were kept still decode.)
    public let reviewedVersionNumber: Int?
    public let latestVersionNumber: Int?

    public init(outcome: DecisionOutcome, rationale: String, reviewID: ReviewID, recommendedBy: UserID,
                recommendedAt: Date, reviewedVersionNumber: Int? = nil, latestVersionNumber: Int? = nil) {
        self.outcome = outcome
        self.rationale = rationale
        self.reviewID = reviewID
        self.recommendedBy = recommendedBy
        self.recommendedAt = recommendedAt
        self.reviewedVersionNumber = reviewedVersionNumber
        self.latestVersionNumber = latestVersionNumber
    }
}

/// The approvals committee's decision, with the reasons the AO will read.
public struct Decision: Hashable, Sendable, Codable {
    public let outcome: DecisionOutcome
    public let reasons: String
    public let decidedBy: UserID
    public let decidedAt: Date

    public init(outcome: DecisionOutcome, reasons: String, decidedBy: UserID, decidedAt: Date) {
        self.outcome = outcome
        self.reasons = reasons
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }
}
