/// One of the criteria a reviewer works through for a submission. Every category has all seven;
/// what the purpose and the statutory test ask differs by category (see `guidance(for:)`).
public enum ReviewCriterion: String, Sendable, Codable, CaseIterable, Hashable {
    case purpose
    case statutoryTest = "statutory_test"
    case employerDemand = "employer_demand"
    case titling
    case size
    case ofqualScope = "ofqual_scope"
    case completeness

    public var title: String {
        switch self {
        case .purpose: "Purpose of the category"
        case .statutoryTest: "Statutory test"
        case .employerDemand: "Employer demand test"
        case .titling: "Titling"
        case .size: "Size (GLH and TQT)"
        case .ofqualScope: "Ofqual scope of recognition"
        case .completeness: "Completeness of the submission"
        }
    }

    /// The criteria of a category, in the order a reviewer works through them.
    public static func criteria(for category: QualificationCategory) -> [ReviewCriterion] {
        allCases
    }

    /// What the criterion asks of a qualification in the category.
    public func guidance(for category: QualificationCategory) -> String {
        switch self {
        case .purpose:
            switch category {
            case .occupationalEntry: "Prepares a learner for entry to the occupation of the standard, covering as many of its KSBs as possible."
            case .additionalSpecialist: "Lets a learner specialise, through duties beyond but at the same level as the standard it builds on."
            case .employerProposed: "Gives competence in an occupation the Institute recognises but for which no standard is being developed."
            case .occupationalProgression: "Lets a learner progress within an occupation by covering selected KSBs of the standard."
            case .crossCutting: "Gives competence in a function that cuts across occupations, covering selected KSBs."
            }
        case .statutoryTest:
            switch category {
            case .occupationalEntry: "Alternative approval: the KSB outcomes a course leading to the qualification can reach."
            case .additionalSpecialist: "Additional specialist competence beyond the standard's outcomes."
            case .employerProposed: "Alternative approval: the outcomes of the occupation the qualification leads to."
            case .occupationalProgression, .crossCutting: "Significant outcomes of the standard(s) it covers."
            }
        case .employerDemand: "There is likely to be demand from employers for a student who has achieved the qualification."
        case .titling: "The title states the level, names the standard, job or function, carries the category's wording and ends with its size."
        case .size: "Guided learning hours and total qualification time suit the outcomes."
        case .ofqualScope: "The awarding organisation is recognised by Ofqual for the sector subject area."
        case .completeness: "Every required document and the KSB mapping are present and consistent."
        }
    }
}
