import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Saves new content for a submission the way its state allows: a draft is edited (no window
/// needed, so a draft is never lost to a deadline); a submitted one is amended, which the domain
/// turns into a new immutable version only while the window (or a granted exception) is open.
struct SubmissionChange {
    let accounts: Accounts

    /// What saving does in this state, for the page to say before the person presses the button.
    static func notice(_ submission: Submission) -> String? {
        switch submission.state {
        case .draft: nil
        case .submitted, .inReview:
            "This qualification has been submitted. Saving this page sends version \(submission.versions.count + 1) to the Institute at once; earlier versions stay readable. Amendments are accepted only while the submission window (or your late-submission exception) is open."
        case .clarificationRequested: "The reviewer has asked for clarification: answer it from the submission's page, with any amended documents."
        default: "This submission can no longer be changed."
        }
    }

    func save(_ submission: Submission, _ content: SubmissionContent, _ fields: FormFields, by actor: Actor) throws -> Submission {
        let version = DomainRefusal.version(fields, current: submission.version)
        switch submission.state {
        case .draft:
            return try accounts.records.applySubmission(.editDraft(content), to: submission.id, expectedVersion: version, by: actor, at: accounts.now)
        case .submitted, .inReview:
            return try accounts.records.applySubmission(.amend(content), to: submission.id, expectedVersion: version, by: actor, at: accounts.now)
        case .clarificationRequested:
            throw RuleViolation(.invalidState, "\(submission.reference) is waiting for your answer to the reviewer's clarification request. Answer it from the submission's page; you can send amended documents with the answer.")
        default:
            throw RuleViolation(.invalidState, "\(submission.reference) is \(submission.state.rawValue.replacingOccurrences(of: "_", with: " ")), so it can no longer be changed.")
        }
    }

    /// Where to go after saving: back to the task list, saying what happened.
    static func savedLocation(_ before: Submission, _ after: Submission) -> String {
        let base = "/organisation/submissions/\(after.reference)"
        return after.versions.count > before.versions.count ? base + "?amended=\(after.versions.count)" : base + "?saved=1"
    }
}
