/// The reference data as flat rows the store can seed its tables from (and the API can list): the
/// 15 routes, the 5 categories with their rules, and the review criteria of each category. Codes are
/// the enums' raw values, so rows and enums always agree.
public enum ReferenceCatalogue {
    /// One route, in the order the occupational maps list them.
    public struct RouteRow: Hashable, Sendable, Codable {
        public let code: String
        public let title: String
        public let otherTitles: [String]
        public let position: Int
    }

    /// One category with the rules the domain applies to it.
    public struct CategoryRow: Hashable, Sendable, Codable {
        public let code: String
        public let title: String
        public let levels: [Int]
        public let ageGroupsByLevel: [String: [String]]
        public let relationToStandard: String
        /// `never`, `unless_predefined_area`, `always` or `from_cycle`.
        public let proposalRule: String
        /// For `from_cycle`: the first cycle number that needs a proposal.
        public let proposalFromCycle: Int?
        public let titleWording: String
        public let requiresStandard: Bool
    }

    /// One review criterion of one category, in the order a reviewer works through them.
    public struct CriterionRow: Hashable, Sendable, Codable {
        public let category: String
        public let criterion: String
        public let position: Int
        public let title: String
        public let guidance: String
    }

    public static let routes: [RouteRow] = Route.allCases.enumerated().map { index, route in
        RouteRow(code: route.rawValue, title: route.title, otherTitles: route.otherTitles, position: index + 1)
    }

    public static func categories(policy: ApprovalPolicy = .standard) -> [CategoryRow] {
        QualificationCategory.allCases.map { category in
            let rule: String
            var fromCycle: Int?
            switch category.proposalRequirement(policy: policy) {
            case .never: rule = "never"
            case .unlessPredefinedArea: rule = "unless_predefined_area"
            case .always: rule = "always"
            case .fromCycle(let n): rule = "from_cycle"; fromCycle = n
            }
            var ages: [String: [String]] = [:]
            for level in category.levels.sorted() {
                ages[String(level.rawValue)] = category.ageGroups(at: level).map(\.rawValue).sorted()
            }
            return CategoryRow(code: category.rawValue, title: category.title,
                               levels: category.levels.map(\.rawValue).sorted(), ageGroupsByLevel: ages,
                               relationToStandard: category.relationToStandard.rawValue, proposalRule: rule,
                               proposalFromCycle: fromCycle, titleWording: category.titleWording,
                               requiresStandard: category.requiresStandard)
        }
    }

    public static let criteria: [CriterionRow] = QualificationCategory.allCases.flatMap { category in
        ReviewCriterion.criteria(for: category).enumerated().map { index, criterion in
            CriterionRow(category: category.rawValue, criterion: criterion.rawValue, position: index + 1,
                         title: criterion.title, guidance: criterion.guidance(for: category))
        }
    }
}
