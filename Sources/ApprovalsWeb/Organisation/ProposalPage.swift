import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// A proposal's own page. As a draft it is "check your answers" with the submit button; once sent,
/// its state, what was sent, the Institute's non-binding feedback when released, and the form to
/// ask for a follow-up meeting and say whether the organisation will proceed.
struct ProposalPage: FormPage {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords

    func render(_ request: HTTPRequest, _ visit: Visit, _ state: FormState, status: HTTPStatus) throws -> HTTPResponse {
        let proposal = try own.proposal(request, visit, .read)
        let (cycle, exceptions) = try accounts.records.read {
            (try $0.cycle(proposal.cycleID), try $0.exceptions(recordType: .proposal, recordID: proposal.id.rawValue))
        }
        let now = accounts.now
        let isDraft = proposal.state == .draft
        var context: [String: Any] = [
            "reference": proposal.reference.description, "cycle": cycle.name, "state": StateTag(proposal.state.rawValue).context,
            "version": proposal.version, "isDraft": isDraft, "rows": SummaryRow.contexts(ProposalQuestions.summary(proposal, changeable: isDraft)),
            "canWithdraw": [.draft, .submitted, .inReview].contains(proposal.state),
            "firstPage": "/organisation/proposals/\(proposal.reference)/about",
        ]
        if let window = cycle.window(.proposal) {
            context["window"] = ["closes": UKTimeText.describe(window.closes), "status": DeadlineCountdown.phrase(window, now: now)]
        }
        if isDraft {
            RecordExceptionsPanel.windowState(ExceptionSubject(proposal), cycle: cycle, exceptions: exceptions, at: now, into: &context) {
                "Your late-submission exception lets you submit this proposal until \($0)."
            }
        }
        context["exceptions"] = RecordExceptionsPanel.rows(exceptions)
        if let submitted = proposal.submittedAt { context["submittedAt"] = UKTimeText.describe(submitted) }
        if let feedback = proposal.feedback {
            var shown: [String: Any] = [
                "issuedAt": UKTimeText.describe(feedback.issuedAt), "fit": feedback.categoryFitAndNeed,
                "duties": feedback.dutiesQualityAndRelevance, "demand": feedback.employerDemandApproach,
                "awaitingResponse": proposal.state == .feedbackIssued,
            ]
            if let responded = feedback.respondedAt {
                shown["response"] = [
                    "at": UKTimeText.describe(responded),
                    "followUp": feedback.followUpRequested == true ? "Yes, a one-to-one follow-up meeting was asked for" : "No follow-up meeting was asked for",
                    "proceed": feedback.willProceed == true ? "Yes, the organisation will proceed to a full submission" : "No, the organisation will not proceed",
                ]
            }
            context["feedback"] = shown
            context["responseQuestions"] = ProposalFeedbackRoutes.questions.map { $0.context(state) }
        } else if !isDraft, proposal.state != .withdrawn, let due = cycle.windows.proposalFeedbackDue {
            context["feedbackDue"] = UKTimeText.describe(due)
        }
        let query = try request.queryParameters()
        if query["submitted"] != nil { context["notice"] = "Proposal \(proposal.reference) has been sent to the Institute." }
        if query["responded"] != nil { context["notice"] = "Your response to the feedback has been recorded." }
        if query["withdrawn"] != nil { context["notice"] = "Proposal \(proposal.reference) has been withdrawn." }
        return try page.render("organisation-proposal", visit, context, form: state, status: status)
    }
}
