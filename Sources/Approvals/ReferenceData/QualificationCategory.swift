/// The five categories of technical qualification, each with its levels, age groups, relation to an
/// occupational standard, whether a proposal must come first, and the wording its title carries.
public enum QualificationCategory: String, Sendable, Codable, CaseIterable, Hashable {
    case occupationalEntry = "occupational_entry"
    case additionalSpecialist = "additional_specialist"
    case employerProposed = "employer_proposed"
    case occupationalProgression = "occupational_progression"
    case crossCutting = "cross_cutting"

    public var title: String {
        switch self {
        case .occupationalEntry: "Occupational entry"
        case .additionalSpecialist: "Additional specialist"
        case .employerProposed: "Employer-proposed"
        case .occupationalProgression: "Occupational progression"
        case .crossCutting: "Cross-cutting"
        }
    }

    /// How a qualification in the category stands to an occupational standard.
    public enum RelationToStandard: String, Sendable, Codable {
        /// Covers as many of the standard's KSBs as possible.
        case aligns
        /// Goes beyond the standard at the same level, through specialist duties.
        case buildsUpon = "builds_upon"
        /// No standard exists yet for the occupation.
        case noneExists = "none_exists"
        /// Covers some of the standard's KSBs.
        case selectivelyCovers = "selectively_covers"
    }

    /// When a qualification proposal must be submitted before the qualification.
    public enum ProposalRequirement: Sendable, Equatable, Codable {
        case never
        /// Only when the qualification is not based on a predefined specialist area.
        case unlessPredefinedArea
        case always
        /// From the given cycle number onwards (cross-cutting: from cycle 3, a setting).
        case fromCycle(Int)
    }

    public var levels: Set<QualificationLevel> {
        switch self {
        case .occupationalEntry, .additionalSpecialist, .crossCutting: [.two, .three]
        case .employerProposed: [.two]
        case .occupationalProgression: [.three]
        }
    }

    /// The age groups the category serves at a level. Level 3 occupational entry may also be for
    /// adults only, which is a subset and so allowed by this check.
    public func ageGroups(at level: QualificationLevel) -> Set<AgeGroup> {
        switch self {
        case .employerProposed: [.adult]
        default: [.sixteenToNineteen, .adult]
        }
    }

    public var relationToStandard: RelationToStandard {
        switch self {
        case .occupationalEntry: .aligns
        case .additionalSpecialist: .buildsUpon
        case .employerProposed: .noneExists
        case .occupationalProgression, .crossCutting: .selectivelyCovers
        }
    }

    /// Whether a proposal is needed; the cross-cutting cycle comes from the policy.
    public func proposalRequirement(policy: ApprovalPolicy) -> ProposalRequirement {
        switch self {
        case .occupationalEntry, .occupationalProgression: .never
        case .additionalSpecialist: .unlessPredefinedArea
        case .employerProposed: .always
        case .crossCutting: .fromCycle(policy.crossCuttingProposalsFromCycle)
        }
    }

    /// The words the qualification's title must carry.
    public var titleWording: String {
        switch self {
        case .occupationalEntry, .employerProposed: "Technical Occupational Entry"
        case .additionalSpecialist: "Technical Specialist"
        case .occupationalProgression: "Technical Progression"
        case .crossCutting: "Technical Cross Cutting Function"
        }
    }

    /// True when a qualification in this category must name an occupational standard.
    public var requiresStandard: Bool { self != .employerProposed }
}
