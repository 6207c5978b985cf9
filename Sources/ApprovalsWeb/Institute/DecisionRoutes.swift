import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// The approvers' decisions: recorded on a recommended submission (held, the AO does not see it),
/// then released to the awarding organisation one by one or in bulk. The domain refuses an approval
/// while an Ofqual note on the AO is open, at recording and again at release.
struct DecisionRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let clock: @Sendable () -> Date

    var lookup: StaffRecords { StaffRecords(records: records) }

    func register(on routes: inout GuardedRoutes) {
        let show = page.form("institute-submission") { request, visit, typed in
            try SubmissionPageContext(records: records, clock: clock).make(request, visit, typed: typed)
        }
        routes.form("/institute/submissions/:reference/decision", .decide, .review(nil), page: show) { request, visit, fields in
            let submission = try lookup.submission(request, visit, .decide)
            let reasons = StaffText.trimmed(fields["reasons"])
            var errors: [FieldError] = []
            let outcome = DecisionOutcome(rawValue: fields["outcome"] ?? "")
            if outcome == nil { errors.append(FieldError("outcome", "Select the decision: approved or not approved")) }
            if reasons.isEmpty { errors.append(FieldError("reasons", "Enter the reasons for the decision: the awarding organisation will read them")) }
            guard errors.isEmpty, let outcome else { return try show.invalid(request, visit, fields, errors) }
            do {
                try records.recordPendingDecision(on: submission.id, outcome, reasons: reasons, by: try visit.signedInActor(), at: clock())
            } catch let violation as RuleViolation {
                return try show.refused(request, visit, fields, violation)
            }
            return SignInRedirect.redirect(to: "/institute/submissions/\(submission.reference)?done=decision_recorded")
        }
        routes.form("/institute/submissions/:reference/release-decision", .decide, .review(nil), page: show) { request, visit, fields in
            let submission = try lookup.submission(request, visit, .decide)
            do {
                try records.releaseDecision(on: submission.id, by: try visit.signedInActor(), at: clock())
            } catch let violation as RuleViolation {
                return try show.refused(request, visit, fields, violation)
            }
            return SignInRedirect.redirect(to: "/institute/submissions/\(submission.reference)?done=decision_released")
        }

        let list = page.form("institute-decisions") { request, visit, _ in try listContext(request, visit) }
        routes.page("/institute/decisions", .read, .review(nil)) { request, visit in
            try list.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/institute/decisions/release", .decide, .review(nil), page: list) { request, visit, fields in
            let chosen = fields.values("submission")
            guard !chosen.isEmpty else {
                return try list.invalid(request, visit, fields, [FieldError("submission", "Select the decisions to release")])
            }
            let actor = try visit.signedInActor()
            var errors: [FieldError] = []
            var released = 0
            for reference in chosen {
                guard let submission = try? records.record(Submission.self, reference: reference) else {
                    errors.append(FieldError(nil, "\(reference) was not found.")); continue
                }
                try lookup.check(visit, .decide, owner: submission.organisationID, submitted: true, assigned: submission.assignedReviewerID,
                                 type: "submission", id: submission.id.rawValue)
                do {
                    try records.releaseDecision(on: submission.id, by: actor, at: clock())
                    released += 1
                } catch let violation as RuleViolation {
                    errors.append(FieldError(nil, "\(reference): \(violation.message)"))
                } catch let conflict as EditConflict {
                    errors.append(FieldError(nil, conflict.description))
                }
            }
            if !errors.isEmpty { return try list.invalid(request, visit, FormFields(), errors) }
            return SignInRedirect.redirect(to: "/institute/decisions?released=\(released)")
        }
    }

    func listContext(_ request: HTTPRequest, _ visit: Visit) throws -> [String: Any] {
        let actor = try visit.signedInActor()
        let directory = try StaffDirectory(records)
        let pending = try records.pendingDecisions()
        let recommended = try records.submissions(in: .recommended)
            .filter { visit.decision(.read, .review(ReviewFacts(organisation: $0.organisationID, assignedReviewer: $0.assignedReviewerID))).isAllowed }
        let rows = recommended.map { submission -> [String: Any] in
            var row: [String: Any] = [
                "reference": submission.reference.description, "title": submission.latestVersion?.content.title ?? submission.draft.title,
                "organisation": directory.organisationName(submission.organisationID),
                "recommended": submission.recommendation.map { StaffText.state($0.outcome.rawValue) } ?? "",
            ]
            if let held = pending[submission.id] { row["held"] = ["outcome": StaffText.state(held.outcome.rawValue), "by": directory.userName(held.recordedBy)] }
            return row
        }
        var context: [String: Any] = ["rows": rows, "canRelease": actor.has(.approver), "hasHeld": rows.contains { $0["held"] != nil }]
        let released = StaffText.query(request, "released")
        if !released.isEmpty { context["notice"] = "\(released) decision\(released == "1" ? " has" : "s have") been released to the awarding organisations." }
        return context
    }
}
