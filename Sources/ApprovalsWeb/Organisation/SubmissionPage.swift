import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// A submission's own page: the task list while it can be changed, how long its window (or its
/// exception) is open, its versions, the reviewer's clarification requests, late-submission
/// exceptions and their outcomes, and the decision once released.
struct SubmissionPage: FormPage {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords

    func render(_ request: HTTPRequest, _ visit: Visit, _ state: FormState, status: HTTPStatus) throws -> HTTPResponse {
        let submission = try own.submission(request, visit, .read)
        let now = accounts.now
        let (cycle, exceptions) = try accounts.records.read {
            (try $0.cycle(submission.cycleID), try $0.exceptions(recordType: .submission, recordID: submission.id.rawValue))
        }
        let base = "/organisation/submissions/\(submission.reference)"
        // Only a page with an open request needs the due dates (the Institute keeps them aside).
        let dueDates = submission.openClarification == nil ? [:] : try accounts.records.clarificationDueDates(of: submission.id)
        let editable = [.draft, .submitted, .inReview].contains(submission.state)
        var tasks: [[String: Any]] = SubmissionQuestions.Section.allCases.map { section in
            let complete = SubmissionQuestions.isComplete(section, submission.draft)
            return ["name": section.heading, "href": "\(base)/\(section.rawValue)", "linked": editable,
                    "status": complete ? "Completed" : "Not started", "complete": complete]
        }
        let documentsComplete = Set(submission.draft.documents.map(\.kind)).isSuperset(of: ApprovalPolicy.standard.requiredDocuments)
        tasks.append(["name": "Documents", "href": "\(base)/documents", "linked": editable,
                      "status": documentsComplete ? "Completed" : "\(submission.draft.documents.count) uploaded", "complete": documentsComplete])
        if submission.state == .draft {
            tasks.append(["name": "Check and submit", "href": "\(base)/check", "linked": true, "status": "Not yet submitted", "complete": false])
        }
        var context: [String: Any] = [
            "reference": submission.reference.description, "cycle": cycle.name, "title": submission.draft.title,
            "category": submission.draft.category.title, "state": StateTag(submission.state.rawValue).context, "tasks": tasks,
            "editable": editable, "canWithdraw": !submission.state.isFinal, "inset": SubmissionChange.notice(submission) ?? "",
            "versions": submission.versions.reversed().map { version -> [String: Any] in
                ["number": version.number, "submittedAt": UKTimeText.describe(version.submittedAt), "href": "\(base)/versions/\(version.number)",
                 "late": version.lateExceptionID != nil]
            },
            "clarifications": submission.clarificationRounds.map { round -> [String: Any] in
                var item: [String: Any] = ["number": round.number, "question": round.question, "askedAt": UKTimeText.describe(round.askedAt),
                                           "open": round.answeredAt == nil, "answerHref": "\(base)/clarification"]
                if let answer = round.answer { item["answer"] = answer }
                if let answered = round.answeredAt { item["answeredAt"] = UKTimeText.describe(answered) }
                if let number = round.answerVersionNumber { item["answerVersion"] = number }
                if round.answeredAt == nil, let due = dueDates[round.number] { item["deadline"] = ClarificationDeadline(due: due, now: now).context }
                return item
            },
            "exceptions": RecordExceptionsPanel.rows(exceptions),
        ]
        context["hasVersions"] = !submission.versions.isEmpty
        switch WindowCheck.check(.submission, cycle: cycle, organisation: submission.organisationID, recordType: .submission,
                                 recordID: submission.id.rawValue, exceptions: exceptions, at: now, policy: .standard) {
        case .success(let open):
            let left = DeadlineCountdown.remaining(from: now, to: open.closes) ?? "less than a minute"
            context["window"] = open.exceptionID == nil
                ? "The submission window for \(cycle.name) closes in \(left), at \(UKTimeText.describe(open.closes))."
                : "Your late-submission exception lets you submit this qualification until \(UKTimeText.describe(open.closes)): that is in \(left)."
            context["windowOpen"] = true
        case .failure(let closed):
            context["window"] = closed.message
            context["canAskException"] = ExceptionLodging.canAsk(for: ExceptionSubject(submission), cycle: cycle, earlier: exceptions, at: now)
        }
        if let decision = submission.decision {
            context["decision"] = ["outcome": decision.outcome == .approved ? "Approved" : "Not approved", "reasons": decision.reasons,
                                   "at": UKTimeText.describe(decision.decidedAt), "approved": decision.outcome == .approved]
        }
        let query = try request.queryParameters()
        if query["saved"] != nil { context["notice"] = "Your changes have been saved to the draft." }
        if let amended = query["amended"] { context["notice"] = "Version \(amended) of \(submission.reference) has been sent to the Institute." }
        if query["withdrawn"] != nil { context["notice"] = "\(submission.reference) has been withdrawn." }
        if query["answered"] != nil { context["notice"] = "Your answer has been sent to the reviewer." }
        return try page.render("organisation-submission", visit, context, form: state, status: status)
    }
}
