import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Proposals: start one, write it page by page (each page saves the draft), check the answers and
/// submit it in the proposal window. Its own page then shows where it is, and the feedback once
/// released (see `ProposalFeedbackRoutes`).
struct ProposalRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords

    static let proposalCategories: [QualificationCategory] = [.additionalSpecialist, .employerProposed, .crossCutting]

    func register(on routes: inout GuardedRoutes) {
        let newForm = QuestionFormPage(page: page) { _, _ in try newContent() }
        routes.page("/organisation/proposals/new", .edit, .organisationRecord(nil)) { request, visit in
            _ = try own.organisationID(visit)
            return try newForm.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/organisation/proposals/new", .edit, .organisationRecord(nil), page: newForm) { request, visit, fields in
            let organisationID = try own.organisationID(visit)
            var errors: [FieldError] = []
            let cycle = try CurrentCycles(records: accounts.records).all().first { $0.id.rawValue == fields["cycle"] }
            if cycle == nil { errors.append(FieldError("cycle", "Select the cycle the proposal is for")) }
            let category = QualificationCategory(rawValue: fields["category"] ?? "").flatMap { Self.proposalCategories.contains($0) ? $0 : nil }
            if category == nil { errors.append(FieldError("category", "Select the category of the qualification")) }
            let route = Route(rawValue: fields["route"] ?? "")
            if route == nil { errors.append(FieldError("route", "Select the route")) }
            guard errors.isEmpty, let cycle, let category, let route else {
                return try newForm.render(request, visit, OrganisationFormState.from(fields, errors: errors), status: .unprocessableContent)
            }
            let content = ProposalContent(
                category: category, proposedArea: "", intendedTitle: "", level: cycle.level, aimsAndPurpose: "", guidedLearningHours: 0,
                totalQualificationTime: 0, route: route, standardReferences: [], proposedDuties: [],
                demandRationale: DemandRationale(industryUnderstanding: "", approach: "", statutoryOrProfessionalRecognition: ""),
                employerProposed: category == .employerProposed ? EmployerProposedDetails(occupation: "", jobRoles: [], whyNoStandardServes: "") : nil)
            return try DomainRefusal.attempt {
                let created = try accounts.records.createProposal(cycleID: cycle.id, organisationID: organisationID, content: content,
                                                                  by: visit.signedInActor(), at: accounts.now)
                return SignInRedirect.redirect(to: "/organisation/proposals/\(created.reference)/about")
            } refused: { errors in
                try newForm.render(request, visit, OrganisationFormState.from(fields, errors: errors), status: .unprocessableContent)
            }
        }

        for section in ProposalQuestions.Page.allCases { registerPage(section, on: &routes) }

        let show = ProposalPage(accounts: accounts, page: page, own: own)
        routes.page("/organisation/proposals/:reference", .read, .organisationRecord(nil)) { request, visit in
            try show.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/organisation/proposals/:reference/submit", .edit, .organisationRecord(nil), page: show) { request, visit, fields in
            let proposal = try own.proposal(request, visit, .edit)
            return try DomainRefusal.attempt {
                try accounts.records.applyProposal(.submit, to: proposal.id, expectedVersion: DomainRefusal.version(fields, current: proposal.version),
                                                   by: visit.signedInActor(), at: accounts.now)
                return SignInRedirect.redirect(to: "/organisation/proposals/\(proposal.reference)?submitted=1")
            } refused: { errors in
                try show.render(request, visit, FormState(errors: errors), status: .unprocessableContent)
            }
        }
    }

    func registerPage(_ section: ProposalQuestions.Page, on routes: inout GuardedRoutes) {
        let path = "/organisation/proposals/:reference/\(section.rawValue)"
        let form = QuestionFormPage(page: page) { request, visit in
            let proposal = try own.proposal(request, visit, .edit)
            let pages = ProposalQuestions.Page.pages(for: proposal.content.category)
            let number = (pages.firstIndex(of: section) ?? 0) + 1
            return QuestionPageContent(heading: section.heading, caption: "Proposal \(proposal.reference) – page \(number) of \(pages.count)",
                                       intro: ["Your answers are saved as a draft when you continue. You can come back to them until you submit."],
                                       action: "/organisation/proposals/\(proposal.reference)/\(section.rawValue)",
                                       backHref: "/organisation/proposals/\(proposal.reference)", questions: ProposalQuestions.questions(section),
                                       hidden: [("version", String(proposal.version))])
        }
        routes.page(path, .edit, .organisationRecord(nil)) { request, visit in
            let proposal = try own.proposal(request, visit, .edit)
            guard proposal.state == .draft else { return SignInRedirect.redirect(to: "/organisation/proposals/\(proposal.reference)") }
            return try form.render(request, visit, FormState(values: ProposalQuestions.values(section, proposal.content)), status: .ok)
        }
        routes.form(path, .edit, .organisationRecord(nil), page: form) { request, visit, fields in
            let proposal = try own.proposal(request, visit, .edit)
            let (content, errors) = ProposalQuestions.apply(section, fields, to: proposal.content)
            let failed = { (errors: [FieldError]) in
                try form.render(request, visit, OrganisationFormState.from(fields, errors: errors), status: .unprocessableContent)
            }
            guard errors.isEmpty else { return try failed(errors) }
            return try DomainRefusal.attempt {
                try accounts.records.applyProposal(.editDraft(content), to: proposal.id,
                                                   expectedVersion: DomainRefusal.version(fields, current: proposal.version),
                                                   by: visit.signedInActor(), at: accounts.now)
                let pages = ProposalQuestions.Page.pages(for: content.category)
                let next = pages.firstIndex(of: section).flatMap { pages.indices.contains($0 + 1) ? pages[$0 + 1] : nil }
                return SignInRedirect.redirect(to: "/organisation/proposals/\(proposal.reference)" + (next.map { "/" + $0.rawValue } ?? ""))
            } refused: { try failed($0) }
        }
    }

    func newContent() throws -> QuestionPageContent {
        let now = accounts.now
        let cycles = try CurrentCycles(records: accounts.records).all().filter { $0.window(.proposal).map { !$0.hasClosed(at: now) } ?? false }
        let cycleChoices = cycles.map { cycle in
            Question.Choice(value: cycle.id.rawValue, label: cycle.name,
                            hint: cycle.window(.proposal).map { "Proposal window \(DeadlineCountdown.phrase($0, now: now)), at \(UKTimeText.describe($0.closes))" })
        }
        return QuestionPageContent(
            heading: "Start a proposal", caption: "Proposal",
            intro: ["A proposal lets the Institute look at an additional specialist qualification not on a predefined area, an employer-proposed or a cross-cutting qualification before the full submission. Its feedback is non-binding."],
            action: "/organisation/proposals/new", button: "Start proposal", backHref: "/organisation",
            questions: [
                Question(id: "cycle", label: "Which cycle?", kind: .radios(cycleChoices)),
                Question(id: "category", label: "Category", kind: .radios(Self.proposalCategories.map { .init(value: $0.rawValue, label: $0.title) })),
                Question(id: "route", label: "Route", kind: .radios(ProposalQuestions.routeChoices)),
            ])
    }
}
