import Foundation

/// The automatic titling rules: the title states the level, carries the category's wording, names
/// the standard, job or function, ends with its size "(Award)", "(Certificate)" or "(Diploma)", and
/// holds no legacy term. Each failure is its own violation so a person can fix them one by one.
public enum TitleCheck {
    public static let sizeSuffixes = ["(Award)", "(Certificate)", "(Diploma)"]

    public static func failures(title raw: String, level: QualificationLevel, category: QualificationCategory,
                                policy: ApprovalPolicy) -> [RuleViolation] {
        let title = raw.trimmed
        guard !title.isEmpty else {
            return [RuleViolation(.requiredField, "Enter the qualification's title.", field: "title")]
        }
        var failures: [RuleViolation] = []
        // Built only when a failure needs it: most titles pass.
        func example() -> String { "for example “\(level.title) \(category.titleWording) in Electric Vehicle Repair (Certificate)”" }
        // Work on words, compared without case: cheaper than Foundation's searches, and "Level 3"
        // or the category's wording only count as whole words.
        let words = title.words
        let lower = words.map { $0.lowercased() }

        // Level: the word "Level" followed by a number.
        let levelAt = lower.indices.dropLast().first { lower[$0] == "level" && Int(lower[$0 + 1]) != nil }
        if let levelAt, let number = Int(lower[levelAt + 1]) {
            if number != level.rawValue {
                failures.append(RuleViolation(.titleWrongLevel,
                    "The title says Level \(number) but the qualification is \(level.title). Change the title or the level.",
                    field: "title"))
            }
        } else {
            failures.append(RuleViolation(.titleMissingLevel,
                "The title must state the level, \(example()).", field: "title"))
        }

        // Category wording, then the subject that follows it.
        let wording = category.titleWording.words.map { $0.lowercased() }
        let wordingEnd = TitleCheck.end(of: wording, in: lower)
        if wordingEnd == nil {
            failures.append(RuleViolation(.titleMissingCategoryWording,
                "The title of a \(category.title.lowercased()) qualification must include “\(category.titleWording)”, \(example()).",
                field: "title"))
        }
        let suffix = sizeSuffixes.first { title.hasSuffix($0) }
        var subject = lower[(wordingEnd ?? 0)...]
        if suffix != nil { subject = subject.dropLast() }
        if !TitleCheck.namesSubject(subject) {
            failures.append(RuleViolation(.titleMissingSubject,
                "The title must name the standard, job or function, \(example()).", field: "title"))
        }
        if suffix == nil {
            failures.append(RuleViolation(.titleMissingSize,
                "The title must end with the qualification's size: “(Award)”, “(Certificate)” or “(Diploma)”.",
                field: "title"))
        }
        let lowerWords = Set(lower)
        for term in policy.legacyTitleTerms where lowerWords.contains(term.lowercased()) {
            failures.append(RuleViolation(.titleLegacyTerm,
                "The title must not contain “\(term)”: it is a legacy qualification type. Remove it.", field: "title"))
        }
        return failures
    }

    /// The index just after the first place `phrase` occurs as consecutive words, or nil.
    static func end(of phrase: [String], in words: [String]) -> Int? {
        guard !phrase.isEmpty, words.count >= phrase.count else { return nil }
        for start in 0...(words.count - phrase.count) where Array(words[start..<(start + phrase.count)]) == phrase {
            return start + phrase.count
        }
        return nil
    }

    /// True when some words other than the level, linking words and numbers remain.
    static func namesSubject(_ words: ArraySlice<String>) -> Bool {
        let ignored: Set<String> = ["level", "in", "for", "of", "and", "the", "technical"]
        return words.contains { $0.count >= 2 && Int($0) == nil && !ignored.contains($0) }
    }
}
