import Approvals
import HTTPServer

/// The sections of a submission's task list that are question pages: what each asks, its answers
/// read back from the content, and the content changed by what was typed (after checking the form
/// of each answer; the domain's rules are checked before the submit).
enum SubmissionQuestions {
    enum Section: String, CaseIterable, Sendable {
        case details, standards, origin, demand

        var heading: String {
            switch self {
            case .details: "Qualification details"
            case .standards: "Standard and KSB mapping"
            case .origin: "Proposal or predefined specialist area"
            case .demand: "Employer demand evidence"
            }
        }
    }

    /// Choices that depend on the organisation and the reference data.
    struct Choices {
        var proposals: [Proposal]
        var areas: [SpecialistArea]
    }

    static func questions(_ section: Section, _ choices: Choices) -> [Question] {
        switch section {
        case .details: [
            Question(id: "title", label: "Title", hint: "For example, Level 3 Technical Occupational Entry in Digital Support (Certificate)", kind: .text),
            Question(id: "level", label: "Level", kind: .radios(ProposalQuestions.levelChoices)),
            Question(id: "age_groups", label: "Who is it for?", hint: "Select all that apply",
                     kind: .checkboxes(AgeGroup.allCases.map { .init(value: $0.rawValue, label: $0.title.prefix(1).uppercased() + $0.title.dropFirst()) })),
            Question(id: "guided_learning_hours", label: "Guided learning hours (GLH)", hint: "A whole number, for example 360", kind: .number),
            Question(id: "total_qualification_time", label: "Total qualification time (TQT)", hint: "A whole number, at least the GLH", kind: .number),
            Question(id: "route", label: "Route", kind: .radios(ProposalQuestions.routeChoices)),
            Question(id: "sector_subject_area", label: "Sector subject area (SSA)", hint: "The Ofqual code, for example 6.1", kind: .text),
        ]
        case .standards: [
            Question(id: "standards", label: "Occupational standards", hint: "References separated by commas, for example ST0973", kind: .text),
            Question(id: "ksb_mapping", label: "KSB mapping",
                     hint: "One KSB on each line, in the mapping template's shape: standard, KSB code, where the qualification covers it, where its assessment covers it. For example: ST0973,K1,Unit 1,Assignment 2",
                     kind: .textarea(rows: 8)),
        ]
        case .origin: [
            Question(id: "proposal", label: "Which proposal does it follow?", hint: "Only proposals your organisation has sent are listed",
                     kind: .radios([.init(value: "", label: "None")] + choices.proposals.map {
                         .init(value: $0.id.rawValue, label: "\($0.reference): \($0.content.intendedTitle)")
                     })),
            Question(id: "specialist_area", label: "Which predefined specialist area is it built on?",
                     kind: .radios([.init(value: "", label: "None")] + choices.areas.map { .init(value: $0.id.rawValue, label: $0.name) })),
            Question(id: "specialist_sub_area", label: "Sub-area (optional)", kind: .text),
        ]
        case .demand: [
            Question(id: "employer_demand_evidence", label: "Evidence of employer demand",
                     hint: "Who you consulted, what they said and how it shaped the qualification. Upload letters of support on the documents page.",
                     kind: .textarea(rows: 8)),
        ]
        }
    }

    static func values(_ section: Section, _ content: SubmissionContent) -> [String: String] {
        switch section {
        case .details: [
            "title": content.title, "level": String(content.level.rawValue),
            "age_groups": content.ageGroups.map(\.rawValue).sorted().joined(separator: "\n"), "route": content.route.rawValue,
            "guided_learning_hours": content.guidedLearningHours > 0 ? String(content.guidedLearningHours) : "",
            "total_qualification_time": content.totalQualificationTime > 0 ? String(content.totalQualificationTime) : "",
            "sector_subject_area": content.sectorSubjectArea?.code ?? "",
        ]
        case .standards: ["standards": content.standardReferences.joined(separator: ", "), "ksb_mapping": KSBMappingCSV.write(content.ksbMapping)]
        case .origin: ["proposal": content.proposalID?.rawValue ?? "", "specialist_area": content.specialistAreaID?.rawValue ?? "",
                       "specialist_sub_area": content.specialistSubArea ?? ""]
        case .demand: ["employer_demand_evidence": content.employerDemandEvidence]
        }
    }

    static func apply(_ section: Section, _ fields: FormFields, to content: SubmissionContent, _ choices: Choices) -> (SubmissionContent, [FieldError]) {
        var next = content
        var errors: [FieldError] = []
        func text(_ name: String) -> String { (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        switch section {
        case .details:
            next.title = text("title")
            if next.title.isEmpty { errors.append(FieldError("title", "Enter the qualification's title")) }
            if let level = Int(text("level")).flatMap(QualificationLevel.init(rawValue:)) { next.level = level } else {
                errors.append(FieldError("level", "Select the level"))
            }
            let ages = fields.values("age_groups").compactMap(AgeGroup.init(rawValue:))
            if ages.isEmpty { errors.append(FieldError("age_groups", "Select who the qualification is for")) }
            next.ageGroups = Set(ages)
            for (name, label) in [("guided_learning_hours", "guided learning hours"), ("total_qualification_time", "total qualification time")] {
                guard let hours = Int(text(name)), hours > 0, hours < 100_000 else {
                    errors.append(FieldError(name, "Enter the \(label) as a whole number, like 360")); continue
                }
                if name == "guided_learning_hours" { next.guidedLearningHours = hours } else { next.totalQualificationTime = hours }
            }
            if let route = Route(rawValue: text("route")) { next.route = route } else { errors.append(FieldError("route", "Select the route")) }
            if let area = SectorSubjectArea(text("sector_subject_area")) { next.sectorSubjectArea = area } else {
                errors.append(FieldError("sector_subject_area", "Enter the sector subject area as its Ofqual code, like 6.1"))
            }
        case .standards:
            let standards = TextLines.standards(fields["standards"])
            if let bad = standards.first(where: { !OccupationalStandard.isValidReference($0) }) {
                errors.append(FieldError("standards", "\(bad) is not a standard reference. Enter references like ST0973, separated by commas"))
            }
            next.standardReferences = standards
            switch KSBMappingCSV.read(fields["ksb_mapping"] ?? "") {
            case .mapping(let mapping): next.ksbMapping = mapping
            case .problem(let message): errors.append(FieldError("ksb_mapping", message))
            }
        case .origin:
            let proposal = text("proposal")
            if proposal.isEmpty { next.proposalID = nil } else if let found = choices.proposals.first(where: { $0.id.rawValue == proposal }) {
                next.proposalID = found.id
            } else { errors.append(FieldError("proposal", "Select one of your organisation's proposals, or None")) }
            let area = text("specialist_area")
            if area.isEmpty { next.specialistAreaID = nil } else if let found = choices.areas.first(where: { $0.id.rawValue == area }) {
                next.specialistAreaID = found.id
            } else { errors.append(FieldError("specialist_area", "Select a predefined specialist area, or None")) }
            next.specialistSubArea = text("specialist_sub_area").isEmpty ? nil : text("specialist_sub_area")
        case .demand:
            next.employerDemandEvidence = text("employer_demand_evidence")
            if next.employerDemandEvidence.isEmpty { errors.append(FieldError("employer_demand_evidence", "Describe the evidence of employer demand")) }
        }
        return (next, errors)
    }

    /// Whether a section has what it needs, for the task list's status.
    static func isComplete(_ section: Section, _ content: SubmissionContent) -> Bool {
        switch section {
        case .details: !content.title.isEmpty && content.guidedLearningHours > 0 && content.sectorSubjectArea != nil
        case .standards: !content.category.requiresStandard || (!content.standardReferences.isEmpty && !content.ksbMapping.isEmpty)
        case .origin:
            if content.proposalID != nil || content.specialistAreaID != nil { true }
            else if case .never = content.category.proposalRequirement(policy: .standard) { true }
            else { false }
        case .demand: !content.employerDemandEvidence.isEmpty
        }
    }

    /// The whole content as a summary list, for check your answers and each version's page.
    static func summary(_ content: SubmissionContent, base: String?, names: (proposal: String?, area: String?)) -> [SummaryRow] {
        func change(_ section: Section, _ field: String) -> String? { base.map { $0 + section.rawValue + "#" + field } }
        return [
            SummaryRow("category", "Category", content.category.title),
            SummaryRow("title", "Title", content.title, change: change(.details, "title")),
            SummaryRow("level", "Level", content.level.title, change: change(.details, "level")),
            SummaryRow("age_groups", "Who it is for", content.ageGroups.map(\.title).sorted().joined(separator: " and "), change: change(.details, "age_groups")),
            SummaryRow("guided_learning_hours", "Guided learning hours", String(content.guidedLearningHours), change: change(.details, "guided_learning_hours")),
            SummaryRow("total_qualification_time", "Total qualification time", String(content.totalQualificationTime), change: change(.details, "total_qualification_time")),
            SummaryRow("route", "Route", content.route.title, change: change(.details, "route")),
            SummaryRow("sector_subject_area", "Sector subject area", content.sectorSubjectArea?.code ?? "", change: change(.details, "sector_subject_area")),
            SummaryRow("standards", "Standards", content.standardReferences.joined(separator: ", "), change: change(.standards, "standards")),
            SummaryRow("ksb_mapping", "KSB mapping", lines: content.ksbMapping.map { "\($0.standardReference) \($0.ksbCode): covered in \($0.coveredIn); assessed in \($0.assessedIn)" },
                       change: change(.standards, "ksb_mapping")),
            SummaryRow("proposal", "Proposal it follows", names.proposal ?? "None", change: change(.origin, "proposal")),
            SummaryRow("specialist_area", "Predefined specialist area", [names.area, content.specialistSubArea].compactMap { $0 }.joined(separator: " – "),
                       change: change(.origin, "specialist_area")),
            SummaryRow("employer_demand_evidence", "Employer demand evidence", content.employerDemandEvidence, change: change(.demand, "employer_demand_evidence")),
        ]
    }
}
