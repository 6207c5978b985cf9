import Approvals
import HTTPServer

/// The pages a proposal is written on, one theme each, with every field of DOMAIN.md: what each
/// page asks, its answers read back from the draft, and the draft changed by what was typed (after
/// checking the form of each answer; the domain checks the rest when the proposal is submitted).
enum ProposalQuestions {
    /// The pages in order; `employer` only for employer-proposed qualifications.
    enum Page: String, CaseIterable, Sendable {
        case about, standards, need, employer

        var heading: String {
            switch self {
            case .about: "About the qualification"
            case .standards: "Standards, duties and reused KSBs"
            case .need: "The case for need"
            case .employer: "The occupation (employer-proposed)"
            }
        }

        static func pages(for category: QualificationCategory) -> [Page] {
            category == .employerProposed ? allCases : [.about, .standards, .need]
        }
    }

    static let levelChoices = QualificationLevel.allCases.map { Question.Choice(value: String($0.rawValue), label: $0.title) }
    static let routeChoices = Route.allCases.map { Question.Choice(value: $0.rawValue, label: $0.title) }

    static func questions(_ page: Page) -> [Question] {
        switch page {
        case .about: [
            Question(id: "proposed_area", label: "Proposed area", hint: "For example, Electric vehicle repair", kind: .text),
            Question(id: "intended_title", label: "Intended title",
                     hint: "State the level, the category's wording and the size, for example Level 3 Technical Specialist in Electric Vehicle Repair (Certificate)", kind: .text),
            Question(id: "level", label: "Level", kind: .radios(levelChoices)),
            Question(id: "aims_and_purpose", label: "Aims and purpose", kind: .textarea(rows: 5)),
            Question(id: "guided_learning_hours", label: "Guided learning hours (GLH)", hint: "A whole number, for example 360", kind: .number),
            Question(id: "total_qualification_time", label: "Total qualification time (TQT)", hint: "A whole number, at least the GLH", kind: .number),
            Question(id: "route", label: "Route", kind: .radios(routeChoices)),
        ]
        case .standards: [
            Question(id: "standards", label: "Occupational standards it builds on", hint: "References separated by commas, for example ST0973. Leave empty for employer-proposed.", kind: .text),
            Question(id: "proposed_duties", label: "Proposed duties", hint: "One duty on each line", kind: .textarea(rows: 6)),
            Question(id: "reused_ksbs", label: "KSBs reused from the linked standard, with the rationale (optional)",
                     hint: "One on each line, as standard, code and rationale, for example: ST0973 K1: the duties need secure data handling", kind: .textarea(rows: 5)),
        ]
        case .need: [
            Question(id: "industry_understanding", label: "Your understanding of the industry area", kind: .textarea(rows: 5)),
            Question(id: "approach", label: "Your approach, and how your understanding of industry informed it", kind: .textarea(rows: 5)),
            Question(id: "how_duties_build_on_standard", label: "How the proposed duties build on the standard's outcomes", hint: "Not asked for employer-proposed qualifications", kind: .textarea(rows: 5)),
            Question(id: "statutory_or_professional_recognition", label: "Does statutory or professional body recognition need the qualification?", kind: .textarea(rows: 3)),
        ]
        case .employer: [
            Question(id: "occupation", label: "The occupation it gives competence in", kind: .text),
            Question(id: "job_roles", label: "Job roles it leads to", hint: "One on each line", kind: .textarea(rows: 4)),
            Question(id: "why_no_standard_serves", label: "Why no occupational standard serves this occupation", kind: .textarea(rows: 5)),
        ]
        }
    }

    /// The page's answers as the draft holds them.
    static func values(_ page: Page, _ content: ProposalContent) -> [String: String] {
        switch page {
        case .about: [
            "proposed_area": content.proposedArea, "intended_title": content.intendedTitle, "level": String(content.level.rawValue),
            "aims_and_purpose": content.aimsAndPurpose, "route": content.route.rawValue,
            "guided_learning_hours": content.guidedLearningHours > 0 ? String(content.guidedLearningHours) : "",
            "total_qualification_time": content.totalQualificationTime > 0 ? String(content.totalQualificationTime) : "",
        ]
        case .standards: [
            "standards": content.standardReferences.joined(separator: ", "), "proposed_duties": content.proposedDuties.joined(separator: "\n"),
            "reused_ksbs": content.reusedKSBs.map { "\($0.standardReference) \($0.ksbCode): \($0.rationale)" }.joined(separator: "\n"),
        ]
        case .need: [
            "industry_understanding": content.demandRationale.industryUnderstanding, "approach": content.demandRationale.approach,
            "how_duties_build_on_standard": content.demandRationale.howDutiesBuildOnStandard,
            "statutory_or_professional_recognition": content.demandRationale.statutoryOrProfessionalRecognition,
        ]
        case .employer: [
            "occupation": content.employerProposed?.occupation ?? "", "job_roles": (content.employerProposed?.jobRoles ?? []).joined(separator: "\n"),
            "why_no_standard_serves": content.employerProposed?.whyNoStandardServes ?? "",
        ]
        }
    }

    /// The draft with this page's answers, or what is wrong with their form.
    static func apply(_ page: Page, _ fields: FormFields, to content: ProposalContent) -> (ProposalContent, [FieldError]) {
        var next = content
        var errors: [FieldError] = []
        func text(_ name: String) -> String { (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        switch page {
        case .about:
            next.proposedArea = text("proposed_area")
            next.intendedTitle = text("intended_title")
            next.aimsAndPurpose = text("aims_and_purpose")
            if let level = Int(text("level")).flatMap(QualificationLevel.init(rawValue:)) { next.level = level } else {
                errors.append(FieldError("level", "Select the level"))
            }
            if let route = Route(rawValue: text("route")) { next.route = route } else { errors.append(FieldError("route", "Select the route")) }
            for (name, label) in [("guided_learning_hours", "guided learning hours"), ("total_qualification_time", "total qualification time")] {
                let typed = text(name)
                guard !typed.isEmpty else { continue }
                guard let hours = Int(typed), hours > 0, hours < 100_000 else {
                    errors.append(FieldError(name, "Enter the \(label) as a whole number, like 360")); continue
                }
                if name == "guided_learning_hours" { next.guidedLearningHours = hours } else { next.totalQualificationTime = hours }
            }
        case .standards:
            let standards = TextLines.standards(fields["standards"])
            if let bad = standards.first(where: { !OccupationalStandard.isValidReference($0) }) {
                errors.append(FieldError("standards", "\(bad) is not a standard reference. Enter references like ST0973, separated by commas"))
            }
            next.standardReferences = standards
            next.proposedDuties = TextLines.split(fields["proposed_duties"])
            var reused: [ReusedKSB] = []
            for line in TextLines.split(fields["reused_ksbs"]) {
                let parts = line.split(separator: ":", maxSplits: 1)
                let names = parts.first?.split(separator: " ").map(String.init) ?? []
                guard parts.count == 2, names.count == 2, OccupationalStandard.isValidReference(names[0].uppercased()) else {
                    errors.append(FieldError("reused_ksbs", "Write each reused KSB as standard, code and rationale, like ST0973 K1: why it is reused (\"\(line)\" is not)"))
                    break
                }
                reused.append(ReusedKSB(standardReference: names[0].uppercased(), ksbCode: names[1].uppercased(),
                                        rationale: parts[1].trimmingCharacters(in: .whitespaces)))
            }
            next.reusedKSBs = reused
        case .need:
            next.demandRationale = DemandRationale(industryUnderstanding: text("industry_understanding"), approach: text("approach"),
                                                   howDutiesBuildOnStandard: text("how_duties_build_on_standard"),
                                                   statutoryOrProfessionalRecognition: text("statutory_or_professional_recognition"))
        case .employer:
            next.employerProposed = EmployerProposedDetails(occupation: text("occupation"), jobRoles: TextLines.split(fields["job_roles"]),
                                                            whyNoStandardServes: text("why_no_standard_serves"))
        }
        return (next, errors)
    }

    /// Every answer, for check your answers and the proposal's own page.
    static func summary(_ proposal: Proposal, changeable: Bool) -> [SummaryRow] {
        let c = proposal.content
        let base = "/organisation/proposals/\(proposal.reference)/"
        func change(_ page: Page, _ field: String) -> String? { changeable ? base + page.rawValue + "#" + field : nil }
        var rows = [
            SummaryRow("category", "Category", c.category.title),
            SummaryRow("proposed_area", "Proposed area", c.proposedArea, change: change(.about, "proposed_area")),
            SummaryRow("intended_title", "Intended title", c.intendedTitle, change: change(.about, "intended_title")),
            SummaryRow("level", "Level", c.level.title, change: change(.about, "level")),
            SummaryRow("aims_and_purpose", "Aims and purpose", c.aimsAndPurpose, change: change(.about, "aims_and_purpose")),
            SummaryRow("guided_learning_hours", "Size", "GLH \(c.guidedLearningHours), TQT \(c.totalQualificationTime)", change: change(.about, "guided_learning_hours")),
            SummaryRow("route", "Route", c.route.title, change: change(.about, "route")),
            SummaryRow("standards", "Standards it builds on", c.standardReferences.joined(separator: ", "), change: change(.standards, "standards")),
            SummaryRow("proposed_duties", "Proposed duties", lines: c.proposedDuties, change: change(.standards, "proposed_duties")),
            SummaryRow("reused_ksbs", "Reused KSBs", lines: c.reusedKSBs.map { "\($0.standardReference) \($0.ksbCode): \($0.rationale)" },
                       change: change(.standards, "reused_ksbs")),
            SummaryRow("industry_understanding", "Understanding of the industry", c.demandRationale.industryUnderstanding, change: change(.need, "industry_understanding")),
            SummaryRow("approach", "Approach and how industry informed it", c.demandRationale.approach, change: change(.need, "approach")),
            SummaryRow("how_duties_build_on_standard", "How the duties build on the standard", c.demandRationale.howDutiesBuildOnStandard,
                       change: change(.need, "how_duties_build_on_standard")),
            SummaryRow("statutory_or_professional_recognition", "Statutory or professional recognition",
                       c.demandRationale.statutoryOrProfessionalRecognition, change: change(.need, "statutory_or_professional_recognition")),
        ]
        if c.category == .employerProposed {
            rows += [
                SummaryRow("occupation", "Occupation", c.employerProposed?.occupation ?? "", change: change(.employer, "occupation")),
                SummaryRow("job_roles", "Job roles", lines: c.employerProposed?.jobRoles ?? [], change: change(.employer, "job_roles")),
                SummaryRow("why_no_standard_serves", "Why no standard serves", c.employerProposed?.whyNoStandardServes ?? "",
                           change: change(.employer, "why_no_standard_serves")),
            ]
        }
        return rows
    }
}
