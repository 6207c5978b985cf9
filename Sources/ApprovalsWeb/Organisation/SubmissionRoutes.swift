import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Submissions: start one in a cycle, its task list page (the sections, documents, versions,
/// clarification requests, exceptions and the decision), and withdrawing it before a decision.
struct SubmissionRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords

    func register(on routes: inout GuardedRoutes) {
        let newForm = QuestionFormPage(page: page) { _, _ in try newContent() }
        routes.page("/organisation/submissions/new", .edit, .organisationRecord(nil)) { request, visit in
            _ = try own.organisationID(visit)
            return try newForm.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/organisation/submissions/new", .edit, .organisationRecord(nil), page: newForm) { request, visit, fields in
            let organisationID = try own.organisationID(visit)
            var errors: [FieldError] = []
            let cycle = try CurrentCycles(records: accounts.records).all().first { $0.id.rawValue == fields["cycle"] }
            if cycle == nil { errors.append(FieldError("cycle", "Select the cycle you are submitting in")) }
            let category = QualificationCategory(rawValue: fields["category"] ?? "")
            if category == nil { errors.append(FieldError("category", "Select the qualification's category")) }
            let route = Route(rawValue: fields["route"] ?? "")
            if route == nil { errors.append(FieldError("route", "Select the route")) }
            let title = (fields["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if title.isEmpty { errors.append(FieldError("title", "Enter the qualification's title")) }
            guard errors.isEmpty, let cycle, let category, let route else {
                return try newForm.render(request, visit, OrganisationFormState.from(fields, errors: errors), status: .unprocessableContent)
            }
            let content = SubmissionContent(category: category, title: title, level: cycle.level, ageGroups: category.ageGroups(at: cycle.level),
                                            guidedLearningHours: 0, totalQualificationTime: 0, route: route, sectorSubjectArea: nil,
                                            standardReferences: [])
            return try DomainRefusal.attempt {
                let created = try accounts.records.createSubmission(cycleID: cycle.id, organisationID: organisationID, content: content,
                                                                    by: visit.signedInActor(), at: accounts.now)
                return SignInRedirect.redirect(to: "/organisation/submissions/\(created.reference)")
            } refused: { errors in
                try newForm.render(request, visit, OrganisationFormState.from(fields, errors: errors), status: .unprocessableContent)
            }
        }

        let show = SubmissionPage(accounts: accounts, page: page, own: own)
        routes.page("/organisation/submissions/:reference", .read, .organisationRecord(nil)) { request, visit in
            try show.render(request, visit, FormState(), status: .ok)
        }

        let withdrawForm = QuestionFormPage(page: page) { request, visit in
            let submission = try own.submission(request, visit, .edit)
            return QuestionPageContent(heading: "Withdraw submission \(submission.reference)",
                                       intro: ["The Institute will stop reviewing \(submission.draft.title). This cannot be undone."],
                                       action: "/organisation/submissions/\(submission.reference)/withdraw", button: "Withdraw submission",
                                       backHref: "/organisation/submissions/\(submission.reference)",
                                       questions: [Question(id: "reason", label: "Why are you withdrawing it?", kind: .textarea(rows: 4))],
                                       hidden: [("version", String(submission.version))])
        }
        routes.page("/organisation/submissions/:reference/withdraw", .edit, .organisationRecord(nil)) { request, visit in
            try withdrawForm.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/organisation/submissions/:reference/withdraw", .edit, .organisationRecord(nil), page: withdrawForm) { request, visit, fields in
            let submission = try own.submission(request, visit, .edit)
            let reason = (fields["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let failed = { (errors: [FieldError]) in
                try withdrawForm.render(request, visit, OrganisationFormState.from(fields, errors: errors), status: .unprocessableContent)
            }
            guard !reason.isEmpty else { return try failed([FieldError("reason", "Enter why you are withdrawing the submission")]) }
            return try DomainRefusal.attempt(fallbackField: "reason") {
                try accounts.records.applySubmission(.withdraw(reason: reason), to: submission.id,
                                                     expectedVersion: DomainRefusal.version(fields, current: submission.version),
                                                     by: visit.signedInActor(), at: accounts.now)
                return SignInRedirect.redirect(to: "/organisation/submissions/\(submission.reference)?withdrawn=1")
            } refused: { try failed($0) }
        }
    }

    func newContent() throws -> QuestionPageContent {
        let now = accounts.now
        let cycles = try CurrentCycles(records: accounts.records).current(at: now).filter { $0.window(.submission) != nil }
        let cycleChoices = cycles.map { cycle in
            Question.Choice(value: cycle.id.rawValue, label: cycle.name,
                            hint: cycle.window(.submission).map { "Submission window \(DeadlineCountdown.phrase($0, now: now)), at \(UKTimeText.describe($0.closes))" })
        }
        return QuestionPageContent(
            heading: "Start a qualification submission", caption: "Submission",
            intro: ["You will then work through a task list. Your work is saved as a draft on every page; you can submit once every task is done and the window is open."],
            action: "/organisation/submissions/new", button: "Start submission", backHref: "/organisation",
            questions: [
                Question(id: "cycle", label: "Which cycle?", kind: .radios(cycleChoices)),
                Question(id: "category", label: "Category", kind: .radios(QualificationCategory.allCases.map { .init(value: $0.rawValue, label: $0.title, hint: "Title wording: \($0.titleWording)") })),
                Question(id: "route", label: "Route", kind: .radios(ProposalQuestions.routeChoices)),
                Question(id: "title", label: "Title", hint: "For example, Level 3 Technical Occupational Entry in Digital Support (Certificate)", kind: .text),
            ])
    }
}
