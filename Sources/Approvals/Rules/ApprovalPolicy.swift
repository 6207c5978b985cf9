public import Foundation

/// The rules of DOMAIN.md that are our choices rather than facts, as settings. The defaults are the
/// choices DOMAIN.md records; a deployment may change them without touching the transitions.
public struct ApprovalPolicy: Hashable, Sendable, Codable {
    /// How long after a window closes an AO may still lodge a late-submission exception ("at the time
    /// of the event": 24 hours by default).
    public var exceptionLodgingPeriod: TimeInterval
    /// The cycle number from which cross-cutting qualifications need a proposal first.
    public var crossCuttingProposalsFromCycle: Int
    /// The documents every submission must carry before it can be submitted.
    public var requiredDocuments: [DocumentKind]
    /// Words a title must not contain (whole words, any case): legacy qualification types.
    public var legacyTitleTerms: [String]
    /// How many years after the decision a revised standard may be followed by a minor change made
    /// through the AO's own process, without a change submission.
    public var ownProcessChangeYears: Int
    /// Whether an AO may amend a submission that a reviewer has started on (still only while the
    /// window or its exception is open and before a decision).
    public var amendDuringReview: Bool

    public init(exceptionLodgingPeriod: TimeInterval = 24 * 3600, crossCuttingProposalsFromCycle: Int = 3,
                requiredDocuments: [DocumentKind] = [.specification, .assessmentMaterials, .mappingTemplate,
                                                     .structureDocument, .letterOfSupport],
                legacyTitleTerms: [String] = ["NVQ", "SVQ", "VRQ", "QCF", "BTEC"],
                ownProcessChangeYears: Int = 1, amendDuringReview: Bool = true) {
        self.exceptionLodgingPeriod = exceptionLodgingPeriod
        self.crossCuttingProposalsFromCycle = crossCuttingProposalsFromCycle
        self.requiredDocuments = requiredDocuments
        self.legacyTitleTerms = legacyTitleTerms
        self.ownProcessChangeYears = ownProcessChangeYears
        self.amendDuringReview = amendDuringReview
    }

    /// The choices recorded in DOMAIN.md.
    public static let standard = ApprovalPolicy()
}
