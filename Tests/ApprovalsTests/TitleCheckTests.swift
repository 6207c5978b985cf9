import Testing
@testable import Approvals

@Suite("Titling rules")
struct TitleCheckTests {
    func rules(_ title: String, _ level: QualificationLevel = .three,
               _ category: QualificationCategory = .additionalSpecialist) -> [RuleViolation.Rule] {
        TitleCheck.failures(title: title, level: level, category: category, policy: .standard).map(\.rule)
    }

    @Test("The example title passes", arguments: [
        ("Level 3 Technical Specialist in Electric Vehicle Repair (Certificate)", QualificationLevel.three, QualificationCategory.additionalSpecialist),
        ("Level 2 Technical Occupational Entry for Bricklayers (Diploma)", .two, .occupationalEntry),
        ("Level 2 Technical Occupational Entry in Dog Grooming (Award)", .two, .employerProposed),
        ("Level 3 Technical Progression in Site Supervision (Certificate)", .three, .occupationalProgression),
        ("Level 3 Technical Cross Cutting Function in Digital Accessibility (Award)", .three, .crossCutting),
        ("level 3 technical specialist in electric vehicle repair (Certificate)", .three, .additionalSpecialist),
    ])
    func passes(title: String, level: QualificationLevel, category: QualificationCategory) {
        #expect(TitleCheck.failures(title: title, level: level, category: category, policy: .standard).isEmpty)
    }

    @Test("No level stated")
    func missingLevel() {
        #expect(rules("Technical Specialist in Electric Vehicle Repair (Certificate)") == [.titleMissingLevel])
    }

    @Test("The wrong level stated")
    func wrongLevel() {
        let failures = TitleCheck.failures(title: "Level 2 Technical Specialist in Electric Vehicle Repair (Certificate)",
                                           level: .three, category: .additionalSpecialist, policy: .standard)
        #expect(failures.map(\.rule) == [.titleWrongLevel])
        #expect(failures.first?.message == "The title says Level 2 but the qualification is Level 3. Change the title or the level.")
        #expect(failures.first?.field == "title")
    }

    @Test("Missing the category's wording")
    func missingWording() {
        let failures = TitleCheck.failures(title: "Level 3 Certificate in Electric Vehicle Repair (Certificate)",
                                           level: .three, category: .additionalSpecialist, policy: .standard)
        #expect(failures.map(\.rule) == [.titleMissingCategoryWording])
        #expect(failures.first?.message.contains("must include “Technical Specialist”") == true)
        // Another category's wording does not count.
        #expect(rules("Level 3 Technical Progression in Electric Vehicle Repair (Certificate)") == [.titleMissingCategoryWording])
    }

    @Test("Not naming the standard, job or function")
    func missingSubject() {
        #expect(rules("Level 3 Technical Specialist (Certificate)") == [.titleMissingSubject])
        #expect(rules("Level 3 Technical Specialist in (Certificate)") == [.titleMissingSubject])
    }

    @Test("Not ending with the size")
    func missingSize() {
        #expect(rules("Level 3 Technical Specialist in Electric Vehicle Repair") == [.titleMissingSize])
        #expect(rules("Level 3 Technical Specialist in Electric Vehicle Repair (Qualification)") == [.titleMissingSize])
        #expect(rules("Level 3 Technical Specialist in Electric Vehicle Repair (Certificate) v2") == [.titleMissingSize])
    }

    @Test("A legacy term, as a whole word in any case")
    func legacyTerm() {
        #expect(rules("Level 3 NVQ Technical Specialist in Electric Vehicle Repair (Certificate)") == [.titleLegacyTerm])
        #expect(rules("Level 3 Technical Specialist in nvq-style Repair (Certificate)") == [.titleLegacyTerm])
        // Part of a longer word is not the term.
        #expect(rules("Level 3 Technical Specialist in Canvqas Repair (Certificate)").isEmpty)
        let custom = ApprovalPolicy(legacyTitleTerms: ["Legacy"])
        #expect(TitleCheck.failures(title: "Level 3 Technical Specialist in Legacy Repair (Certificate)", level: .three,
                                    category: .additionalSpecialist, policy: custom).map(\.rule) == [.titleLegacyTerm])
    }

    @Test("Every failure is reported separately and at once")
    func allAtOnce() {
        #expect(rules("NVQ in things") == [.titleMissingLevel, .titleMissingCategoryWording, .titleMissingSize, .titleLegacyTerm])
        #expect(rules("   ") == [.requiredField])
    }
}

@Suite("Text helpers behind the checks")
struct TextHelperTests {
    @Test("Words split on anything but letters and digits, in any script")
    func words() {
        #expect("Level 3 Technical Specialist – Café Management (Certificate)".words
                == ["Level", "3", "Technical", "Specialist", "Café", "Management", "Certificate"])
        #expect("".words.isEmpty && "  --  ".words.isEmpty)
        #expect("Ünïcode—Ω2".words == ["Ünïcode", "Ω2"])
    }

    @Test("Trimming and blankness treat every kind of white space alike")
    func trimming() {
        #expect(" \t\n Level 3\u{00A0}".trimmed == "Level 3")
        #expect("   ".trimmed.isEmpty && "\u{2003}\n".isBlank && !" x ".isBlank)
        #expect(padded(7, 2) == "07" && padded(2025, 2) == "2025")
    }

    @Test("Titles in other scripts and with dashes pass when they meet the rules")
    func nonASCIITitles() {
        #expect(TitleCheck.failures(title: "Level 3 Technical Specialist – Café Management (Certificate)", level: .three,
                                    category: .additionalSpecialist, policy: .standard).isEmpty)
    }
}
