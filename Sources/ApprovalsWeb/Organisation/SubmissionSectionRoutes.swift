import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// The question pages of a submission's task list (details, standard and KSB mapping, proposal or
/// predefined area, employer demand), and the KSB mapping uploaded as a CSV file in the mapping
/// template's shape instead of typed.
struct SubmissionSectionRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords

    func register(on routes: inout GuardedRoutes) {
        for section in SubmissionQuestions.Section.allCases { register(section, on: &routes) }
    }

    func choices(_ submission: Submission) throws -> SubmissionQuestions.Choices {
        let filter = RecordFilter(organisationID: submission.organisationID.rawValue)
        let proposals = try accounts.records.page(Proposal.self, filter: filter, limit: 500).records.filter(\.hasBeenSubmitted)
        let areas = try accounts.records.page(SpecialistArea.self, limit: 500).records.sorted { $0.name < $1.name }
        return SubmissionQuestions.Choices(proposals: proposals, areas: areas)
    }

    /// Once the window has closed on a submitted record, amending it needs an exception: say where.
    func exceptionLink(_ submission: Submission) throws -> (href: String, text: String)? {
        guard submission.state != .draft, !submission.state.isFinal else { return nil }
        let now = accounts.now
        let (cycle, exceptions) = try accounts.records.read {
            (try $0.cycle(submission.cycleID), try $0.exceptions(recordType: .submission, recordID: submission.id.rawValue))
        }
        guard ExceptionLodging.canAsk(for: ExceptionSubject(submission), cycle: cycle, earlier: exceptions, at: now) else { return nil }
        return ("/organisation/submissions/\(submission.reference)/exception",
                "The submission window has closed: ask for a late-submission exception to amend this qualification")
    }

    func register(_ section: SubmissionQuestions.Section, on routes: inout GuardedRoutes) {
        let path = "/organisation/submissions/:reference/\(section.rawValue)"
        let form = QuestionFormPage(page: page) { request, visit in
            let submission = try own.submission(request, visit, .edit)
            var intro: [String] = []
            if section == .standards {
                intro = ["You can type the mapping below, or upload it as a CSV file in the mapping template's shape (\(KSBMappingCSV.header)) from the documents page: /organisation/submissions/\(submission.reference)/documents."]
            }
            return QuestionPageContent(heading: section.heading, caption: "Submission \(submission.reference)", intro: intro,
                                       inset: SubmissionChange.notice(submission), link: try exceptionLink(submission),
                                       action: "/organisation/submissions/\(submission.reference)/\(section.rawValue)",
                                       button: submission.state == .draft ? "Save and return to the task list" : "Save and send a new version",
                                       backHref: "/organisation/submissions/\(submission.reference)",
                                       questions: SubmissionQuestions.questions(section, try choices(submission)),
                                       hidden: [("version", String(submission.version))])
        }
        routes.page(path, .edit, .organisationRecord(nil)) { request, visit in
            let submission = try own.submission(request, visit, .edit)
            return try form.render(request, visit, FormState(values: SubmissionQuestions.values(section, submission.draft)), status: .ok)
        }
        routes.form(path, .edit, .organisationRecord(nil), page: form) { request, visit, fields in
            let submission = try own.submission(request, visit, .edit)
            let (content, errors) = SubmissionQuestions.apply(section, fields, to: submission.draft, try choices(submission))
            let failed = { (errors: [FieldError]) in
                try form.render(request, visit, OrganisationFormState.from(fields, errors: errors), status: .unprocessableContent)
            }
            guard errors.isEmpty else { return try failed(errors) }
            return try DomainRefusal.attempt {
                let saved = try SubmissionChange(accounts: accounts).save(submission, content, fields, by: visit.signedInActor())
                return SignInRedirect.redirect(to: SubmissionChange.savedLocation(submission, saved))
            } refused: { try failed($0) }
        }
    }
}
