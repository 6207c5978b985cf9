import Foundation

/// The automatic titling rules: the title states the level, carries the category's wording, names
/// the standard, job or function, ends with its size "(Award)", "(Certificate)" or "(Diploma)", and
/// holds no legacy term. Each failure is its own violation so a person can fix them one by one.
public enum TitleCheck {
    public static let sizeSuffixes = ["(Award)", "(Certificate)", "(Diploma)"]

    public static func failures(title raw: String, level: QualificationLevel, category: QualificationCategory,
                                policy: ApprovalPolicy) -> [RuleViolation] {
        let title = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else {
            return [RuleViolation(.requiredField, "Enter the qualification's title.", field: "title")]
        }
        var failures: [RuleViolation] = []
        let example = "for example “\(level.title) \(category.titleWording) in Electric Vehicle Repair (Certificate)”"
        let words = title.components(separatedBy: CharacterSet.alphanumerics.inverted).filter { !$0.isEmpty }

        // Level: the word "Level" followed by a number.
        let stated = zip(words, words.dropFirst()).first { $0.0.lowercased() == "level" && Int($0.1) != nil }
        if let stated, let number = Int(stated.1) {
            if number != level.rawValue {
                failures.append(RuleViolation(.titleWrongLevel,
                    "The title says Level \(number) but the qualification is \(level.title). Change the title or the level.",
                    field: "title"))
            }
        } else {
            failures.append(RuleViolation(.titleMissingLevel,
                "The title must state the level, \(example).", field: "title"))
        }

        // Category wording, then the subject that follows it.
        let wordingRange = title.range(of: category.titleWording, options: .caseInsensitive)
        if wordingRange == nil {
            failures.append(RuleViolation(.titleMissingCategoryWording,
                "The title of a \(category.title.lowercased()) qualification must include “\(category.titleWording)”, \(example).",
                field: "title"))
        }
        let suffix = sizeSuffixes.first { title.hasSuffix($0) }
        if !namesSubject(title, after: wordingRange, suffix: suffix) {
            failures.append(RuleViolation(.titleMissingSubject,
                "The title must name the standard, job or function, \(example).", field: "title"))
        }
        if suffix == nil {
            failures.append(RuleViolation(.titleMissingSize,
                "The title must end with the qualification's size: “(Award)”, “(Certificate)” or “(Diploma)”.",
                field: "title"))
        }
        let lowerWords = Set(words.map { $0.lowercased() })
        for term in policy.legacyTitleTerms where lowerWords.contains(term.lowercased()) {
            failures.append(RuleViolation(.titleLegacyTerm,
                "The title must not contain “\(term)”: it is a legacy qualification type. Remove it.", field: "title"))
        }
        return failures
    }

    /// True when some words other than the level, the wording, a linking word and the size remain.
    static func namesSubject(_ title: String, after wording: Range<String.Index>?, suffix: String?) -> Bool {
        var rest = Substring(title)
        if let wording { rest = title[wording.upperBound...] }
        if let suffix, rest.hasSuffix(suffix) { rest = rest.dropLast(suffix.count) }
        let ignored: Set<String> = ["level", "in", "for", "of", "and", "the", "technical"]
        let words = rest.components(separatedBy: CharacterSet.alphanumerics.inverted)
            .filter { !$0.isEmpty && Int($0) == nil && !ignored.contains($0.lowercased()) }
        return words.contains { $0.count >= 2 }
    }
}
