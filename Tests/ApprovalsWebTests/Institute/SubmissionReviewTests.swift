import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Reviewing a submission over real sockets: assignment, the criteria of its category, clarification
/// with a due date, the recommendation, versions compared and documents downloaded.
@Suite struct SubmissionReviewTests {
    static func criteria(_ outcome: CriterionOutcome, comment: String = "Checked.") -> [(String, String)] {
        ReviewCriterion.allCases.flatMap { [("outcome_\($0.rawValue)", outcome.rawValue), ("comment_\($0.rawValue)", comment)] }
    }

    @Test func fromAssignmentToRecommendation() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let submission = try fixture.submission(.submitted, of: try fixture.northbridge)
        let path = "/institute/submissions/\(submission.reference)"
        let admin = try fixture.client(InstituteFixture.admin)
        #expect(try admin.get(path).body.contains("Not assigned"))
        #expect(try admin.post(path + "/assign", [("reviewer", try fixture.userID(InstituteFixture.reviewer).rawValue)]).status == 303)

        let reviewer = try fixture.client(InstituteFixture.reviewer)
        #expect(try reviewer.get(path).body.contains("Start review"))
        #expect(try reviewer.post(path + "/start-review", []).status == 303)
        #expect(try fixture.records.reviews(of: submission.id).count == 1)

        // A criterion not met without a comment: refused, with what was chosen and typed kept.
        var fields = Self.criteria(.met)
        fields[fields.firstIndex { $0.0 == "outcome_size" }!] = ("outcome_size", "not_met")
        fields[fields.firstIndex { $0.0 == "comment_size" }!] = ("comment_size", "")
        fields[fields.firstIndex { $0.0 == "comment_purpose" }!] = ("comment_purpose", "Purpose is clear and specific.")
        let refused = try reviewer.post(path + "/criteria", fields)
        #expect(refused.status == 422 && refused.body.contains("href=\"#comment_size\""))
        #expect(refused.body.contains("Purpose is clear and specific."))
        #expect(refused.body.contains("id=\"outcome_size-not_met\" name=\"outcome_size\" value=\"not_met\" checked"))
        #expect(try fixture.records.reviews(of: submission.id)[0].assessments.isEmpty)

        #expect(try reviewer.post(path + "/criteria", Self.criteria(.met)).status == 303)
        #expect(try fixture.records.reviews(of: submission.id)[0].unassessedCriteria.isEmpty)
        // Saving the same outcomes again writes nothing new.
        let before = try fixture.auditCount
        #expect(try reviewer.post(path + "/criteria", Self.criteria(.met)).status == 303)
        #expect(try fixture.auditCount == before)

        // A recommendation with no summary: the domain's message.
        let noSummary = try reviewer.post(path + "/recommend", [("recommendation", "approved"), ("summary", "")])
        #expect(noSummary.status == 422 && noSummary.body.contains("Write a summary of the review for the approver."))
        #expect(try reviewer.post(path + "/recommend", [("recommendation", "approved"), ("summary", "Every criterion is met.")]).status == 303)
        let recommended = try fixture.records.record(Submission.self, id: submission.id.rawValue)
        #expect(recommended.state == .recommended && recommended.recommendation?.outcome == .approved)
    }

    @Test func clarificationWithADueDate() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let submission = try #require(try fixture.submissions { $0.state == .inReview && $0.organisationID == (try? fixture.northbridge) }
            .first { $0.assignedReviewerID == (try? fixture.userID(InstituteFixture.reviewer)) })
        let path = "/institute/submissions/\(submission.reference)"
        let reviewer = try fixture.client(InstituteFixture.reviewer)
        #expect(try reviewer.post(path + "/start-review", []).status == 303)
        let bad = try reviewer.post(path + "/clarification", [("question", "Which unit assesses K3?"), ("due", "next week")])
        #expect(bad.status == 422 && bad.body.contains("href=\"#due\"") && bad.body.contains("Which unit assesses K3?"))
        let past = try reviewer.post(path + "/clarification", [("question", "Which unit assesses K3?"), ("due", "2020-01-01 17:00")])
        #expect(past.status == 422 && past.body.contains("due after now"))
        let due = fixture.service.clock.now().addingTimeInterval(7 * 86_400)
        let asked = try reviewer.post(path + "/clarification", [("question", "Which unit assesses K3?"), ("due", StaffText.field(due))])
        #expect(asked.status == 303)
        let updated = try fixture.records.record(Submission.self, id: submission.id.rawValue)
        #expect(updated.state == .clarificationRequested && updated.openClarification?.question.hasPrefix("Which unit assesses K3?") == true)
        let kept = try #require(try fixture.records.clarificationDueDates(of: submission.id)[updated.clarificationRounds.count])
        #expect(abs(kept.timeIntervalSince(due)) < 60)
        let page = try reviewer.get(path)
        #expect(page.body.contains(StaffText.time(kept)))
    }

    @Test func versionsComparedAndDocumentsDownloaded() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let submission = try fixture.submission(.approved, of: try fixture.northbridge)
        let reviewer = try fixture.client(InstituteFixture.reviewer)
        let path = "/institute/submissions/\(submission.reference)"
        let document = try #require(submission.latestVersion?.content.documents.first)
        let download = try reviewer.get(path + "/documents/\(document.sha256)")
        #expect(download.status == 200 && download.body.hasPrefix("%PDF"))
        #expect(download.header("Content-Disposition")?.hasPrefix("attachment") == true)
        #expect(try reviewer.get(path + "/documents/\(String(repeating: "0", count: 64))").status == 404)
        let compare = try reviewer.get(path + "/compare?from=1&to=1")
        #expect(compare.status == 200 && compare.body.contains("Nothing changed"))
        #expect(try reviewer.get(path + "/compare?from=1&to=9").status == 404)
        #expect(VersionComparison(from: submission.latestVersion!.content, to: {
            var changed = submission.latestVersion!.content
            changed.guidedLearningHours += 10
            return changed
        }()).changes.map(\.field) == ["Guided learning hours"])
    }

    @Test func refusals() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let submission = try #require(try fixture.submissions { $0.state == .inReview && $0.organisationID == (try? fixture.northbridge) }
            .first { $0.assignedReviewerID == (try? fixture.userID(InstituteFixture.reviewer)) })
        let path = "/institute/submissions/\(submission.reference)"
        let reviewer = try fixture.client(InstituteFixture.reviewer)
        let forged = try reviewer.post(path + "/clarification", [("question", "Forged?"), ("due", "2099-01-01 17:00")], csrf: .value("wrong"))
        #expect(forged.status == 403 && forged.body.contains("Forged?"))
        // The reviewer not assigned is refused by the policy with its reason.
        let other = try fixture.client(InstituteFixture.conflictedReviewer)
        let notAssigned = try other.post(path + "/start-review", [])
        #expect(notAssigned.status == 403 && notAssigned.text.contains("not the reviewer assigned"))
        // Reviewers do not decide; approvers do not review.
        #expect(try reviewer.post(path + "/decision", [("outcome", "approved"), ("reasons", "x")]).status == 403)
        #expect(try fixture.client(InstituteFixture.approver).post(path + "/criteria", Self.criteria(.met)).status == 403)
        #expect(try fixture.records.record(Submission.self, id: submission.id.rawValue).version == submission.version)
    }
}
