import Approvals
import ApprovalsStore
import HTTPServer

/// After the Institute releases its non-binding feedback: the organisation asks (or not) for a
/// one-to-one follow-up and records whether it will proceed, which closes the proposal. Also the
/// withdrawal of a proposal before feedback.
struct ProposalFeedbackRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords

    static let yesNo: [Question.Choice] = [.init(value: "yes", label: "Yes"), .init(value: "no", label: "No")]
    static let questions = [
        Question(id: "follow_up", label: "Would you like a one-to-one follow-up meeting about the feedback?", kind: .radios(yesNo)),
        Question(id: "will_proceed", label: "Will you proceed to a full submission?", kind: .radios(yesNo)),
    ]

    func register(on routes: inout GuardedRoutes) {
        let show = ProposalPage(accounts: accounts, page: page, own: own)
        routes.form("/organisation/proposals/:reference/respond", .edit, .organisationRecord(nil), page: show) { request, visit, fields in
            let proposal = try own.proposal(request, visit, .edit)
            var errors: [FieldError] = []
            if !["yes", "no"].contains(fields["follow_up"] ?? "") { errors.append(FieldError("follow_up", "Select yes if you would like a follow-up meeting")) }
            if !["yes", "no"].contains(fields["will_proceed"] ?? "") { errors.append(FieldError("will_proceed", "Select yes if you will proceed to a full submission")) }
            let failed = { (errors: [FieldError]) in
                try show.render(request, visit, OrganisationFormState.from(fields, errors: errors), status: .unprocessableContent)
            }
            guard errors.isEmpty else { return try failed(errors) }
            return try DomainRefusal.attempt(fallbackField: "follow_up") {
                try accounts.records.applyProposal(.respond(followUpRequested: fields["follow_up"] == "yes", willProceed: fields["will_proceed"] == "yes"),
                                                   to: proposal.id, expectedVersion: DomainRefusal.version(fields, current: proposal.version),
                                                   by: visit.signedInActor(), at: accounts.now)
                return SignInRedirect.redirect(to: "/organisation/proposals/\(proposal.reference)?responded=1")
            } refused: { try failed($0) }
        }

        let withdrawForm = QuestionFormPage(page: page) { request, visit in
            let proposal = try own.proposal(request, visit, .edit)
            return QuestionPageContent(heading: "Withdraw proposal \(proposal.reference)",
                                       intro: ["The Institute will stop work on it. This cannot be undone."],
                                       action: "/organisation/proposals/\(proposal.reference)/withdraw", button: "Withdraw proposal",
                                       backHref: "/organisation/proposals/\(proposal.reference)",
                                       questions: [Question(id: "reason", label: "Why are you withdrawing it?", kind: .textarea(rows: 4))],
                                       hidden: [("version", String(proposal.version))])
        }
        routes.page("/organisation/proposals/:reference/withdraw", .edit, .organisationRecord(nil)) { request, visit in
            try withdrawForm.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/organisation/proposals/:reference/withdraw", .edit, .organisationRecord(nil), page: withdrawForm) { request, visit, fields in
            let proposal = try own.proposal(request, visit, .edit)
            let reason = (fields["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let failed = { (errors: [FieldError]) in
                try withdrawForm.render(request, visit, OrganisationFormState.from(fields, errors: errors), status: .unprocessableContent)
            }
            guard !reason.isEmpty else { return try failed([FieldError("reason", "Enter why you are withdrawing the proposal")]) }
            return try DomainRefusal.attempt(fallbackField: "reason") {
                try accounts.records.applyProposal(.withdraw(reason: reason), to: proposal.id,
                                                   expectedVersion: DomainRefusal.version(fields, current: proposal.version),
                                                   by: visit.signedInActor(), at: accounts.now)
                return SignInRedirect.redirect(to: "/organisation/proposals/\(proposal.reference)?withdrawn=1")
            } refused: { try failed($0) }
        }
    }
}
