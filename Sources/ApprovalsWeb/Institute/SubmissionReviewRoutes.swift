import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// A submission as the Institute works on it: every version and its documents, the reviewer
/// assigned, the review against the criteria of its category, clarification requests with a due
/// date, and the recommendation. Decisions are on `DecisionRoutes`.
struct SubmissionReviewRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let clock: @Sendable () -> Date

    var lookup: StaffRecords { StaffRecords(records: records) }

    func register(on routes: inout GuardedRoutes) {
        let show = page.form("institute-submission") { request, visit, typed in
            try SubmissionPageContext(records: records, clock: clock).make(request, visit, typed: typed)
        }
        routes.page("/institute/submissions/:reference", .read, .review(nil)) { request, visit in
            try show.render(request, visit, FormState(), status: .ok)
        }
        registerComparison(on: &routes)
        routes.form("/institute/submissions/:reference/assign", .administer, .review(nil), page: show) { request, visit, fields in
            let submission = try lookup.submission(request, visit, .administer)
            guard let reviewer = fields["reviewer"], !reviewer.isEmpty else {
                return try show.invalid(request, visit, fields, [FieldError("reviewer", "Select the reviewer to assign")])
            }
            return try attempt(show, request, visit, fields) {
                try records.applySubmission(.assignReviewer(UserID(reviewer)), to: submission.id, expectedVersion: submission.version,
                                            by: try visit.signedInActor(), at: clock())
                return "reviewer_assigned"
            }
        }
        routes.form("/institute/submissions/:reference/start-review", .review, .review(nil), page: show) { request, visit, fields in
            let submission = try lookup.submission(request, visit, .review)
            return try attempt(show, request, visit, fields) {
                let actor = try visit.signedInActor()
                if submission.state == .submitted {
                    try records.applySubmission(.startReview, to: submission.id, expectedVersion: submission.version, by: actor, at: clock())
                }
                try records.startReview(of: submission.id, by: actor, at: clock())
                return "review_started"
            }
        }
        routes.form("/institute/submissions/:reference/criteria", .review, .review(nil), page: show) { request, visit, fields in
            try assess(show, request, visit, fields)
        }
        routes.form("/institute/submissions/:reference/clarification", .review, .review(nil), page: show) { request, visit, fields in
            let submission = try lookup.submission(request, visit, .review)
            let question = StaffText.trimmed(fields["question"])
            let due = StaffText.parseUKTime(fields["due"] ?? "")
            var errors: [FieldError] = []
            if question.isEmpty { errors.append(FieldError("question", "Enter the question the awarding organisation should answer")) }
            if due == nil { errors.append(FieldError("due", "Enter when the answer is due in UK time, like 2025-03-28 17:00")) }
            else if let due, due <= clock() { errors.append(FieldError("due", "The answer must be due after now")) }
            guard errors.isEmpty, let due else { return try show.invalid(request, visit, fields, errors) }
            return try attempt(show, request, visit, fields) {
                try records.requestClarification(on: submission.id, question: question + "\n\nPlease answer by \(StaffText.time(due)).",
                                                 dueAt: due, expectedVersion: submission.version, by: try visit.signedInActor(), at: clock())
                return "clarification_requested"
            }
        }
        routes.form("/institute/submissions/:reference/recommend", .review, .review(nil), page: show) { request, visit, fields in
            let submission = try lookup.submission(request, visit, .review)
            guard let outcome = DecisionOutcome(rawValue: fields["recommendation"] ?? "") else {
                return try show.invalid(request, visit, fields, [FieldError("recommendation", "Select your recommendation: approve or do not approve")])
            }
            let actor = try visit.signedInActor()
            guard let review = try records.reviews(of: submission.id).last(where: { $0.reviewerID == actor.id && $0.state == .inProgress }) else {
                return try show.invalid(request, visit, fields, [FieldError(nil, "Start the review before recommending a decision.")])
            }
            return try attempt(show, request, visit, fields) {
                let completed = try records.applyReview(.complete(recommendation: outcome, summary: StaffText.trimmed(fields["summary"])),
                                                        to: review.id, expectedVersion: review.version, by: actor, at: clock())
                let current = try records.record(Submission.self, id: submission.id.rawValue)
                try records.applySubmission(.recommend(completed), to: current.id, expectedVersion: current.version, by: actor, at: clock())
                return "recommended"
            }
        }
    }

    /// Records the outcome of every criterion the form changed (one audit event each); a criterion
    /// left as it was is not written again.
    func assess(_ show: InstituteFormPage, _ request: HTTPRequest, _ visit: Visit, _ fields: FormFields) throws -> HTTPResponse {
        let submission = try lookup.submission(request, visit, .review)
        let actor = try visit.signedInActor()
        guard var review = try records.reviews(of: submission.id).last(where: { $0.reviewerID == actor.id && $0.state == .inProgress }) else {
            return try show.invalid(request, visit, fields, [FieldError(nil, "Start the review before recording the criteria.")])
        }
        var errors: [FieldError] = []
        var changes: [(ReviewCriterion, CriterionOutcome, String)] = []
        for criterion in ReviewCriterion.criteria(for: review.category) {
            let chosen = fields["outcome_\(criterion.rawValue)"] ?? ""
            let comment = StaffText.trimmed(fields["comment_\(criterion.rawValue)"])
            guard !chosen.isEmpty else { continue }
            guard let outcome = CriterionOutcome(rawValue: chosen) else { continue }
            if outcome != .met && comment.isEmpty {
                errors.append(FieldError("comment_\(criterion.rawValue)", "Explain in a comment why \(criterion.title.lowercased()) is \(StaffText.state(outcome.rawValue).lowercased())"))
                continue
            }
            if let previous = review.assessment(of: criterion), previous.outcome == outcome, previous.comment == comment { continue }
            changes.append((criterion, outcome, comment))
        }
        guard errors.isEmpty else { return try show.invalid(request, visit, fields, errors) }
        return try attempt(show, request, visit, fields) {
            for (criterion, outcome, comment) in changes {
                review = try records.applyReview(.assess(criterion, outcome, comment: comment), to: review.id, expectedVersion: review.version,
                                                 by: actor, at: clock())
            }
            return "criteria_saved"
        }
    }

    func attempt(_ show: InstituteFormPage, _ request: HTTPRequest, _ visit: Visit, _ fields: FormFields,
                 _ change: () throws -> String) throws -> HTTPResponse {
        do {
            let done = try change()
            return SignInRedirect.redirect(to: "/institute/submissions/\(request.parameters["reference"] ?? "")?done=\(done)")
        } catch let violation as RuleViolation {
            return try show.refused(request, visit, fields, violation)
        } catch let conflict as EditConflict {
            return try show.invalid(request, visit, fields, [FieldError(nil, conflict.description)])
        }
    }
}

extension SubmissionReviewRoutes {
    /// Two versions of a submission side by side: what changed from `from` to `to`.
    func registerComparison(on routes: inout GuardedRoutes) {
        routes.page("/institute/submissions/:reference/compare", .read, .review(nil)) { request, visit in
            let submission = try lookup.submission(request, visit, .read)
            let numbers = submission.versions.map(\.number)
            let from = Int(StaffText.query(request, "from")) ?? (numbers.count > 1 ? numbers[numbers.count - 2] : 1)
            let to = Int(StaffText.query(request, "to")) ?? (numbers.last ?? 1)
            guard let old = submission.versions.first(where: { $0.number == from }),
                  let new = submission.versions.first(where: { $0.number == to }) else { throw RoutingError.notFound }
            let comparison = VersionComparison(from: old.content, to: new.content)
            return try page.render("institute-compare", visit, [
                "reference": submission.reference.description, "from": from, "to": to,
                "fromAt": StaffText.time(old.submittedAt), "toAt": StaffText.time(new.submittedAt),
                "changes": comparison.changes.map { ["field": $0.field, "before": $0.before, "after": $0.after] },
                "unchanged": comparison.changes.isEmpty,
                "versions": numbers.map { ["number": $0, "fromSelected": $0 == from, "toSelected": $0 == to] },
            ])
        }
    }
}
