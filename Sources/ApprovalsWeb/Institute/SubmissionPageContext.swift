import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// What the submission page shows, for the person looking: the latest version and the list of all
/// versions, documents, clarification rounds, the review, and the forms their roles allow.
struct SubmissionPageContext {
    let records: RecordStore
    let clock: @Sendable () -> Date

    func make(_ request: HTTPRequest, _ visit: Visit, typed: [String: String] = [:]) throws -> [String: Any] {
        let submission = try StaffRecords(records: records).submission(request, visit, .read)
        let directory = try StaffDirectory(records, staffAnd: submission.versions.map(\.submittedBy))
        let actor = try visit.signedInActor()
        let reference = submission.reference.description
        let content = submission.latestVersion?.content ?? submission.draft
        let reviews = try records.reviews(of: submission.id)
        let myReview = reviews.last { $0.reviewerID == actor.id && $0.state == .inProgress }
        let isAssigned = submission.assignedReviewerID == actor.id && actor.has(.reviewer)
        let dueDates = try records.clarificationDueDates(of: submission.id)
        var context: [String: Any] = [
            "reference": reference, "title": content.title, "state": StaffText.state(submission.state.rawValue),
            "organisation": directory.organisationName(submission.organisationID), "cycle": directory.cycleName(submission.cycleID),
            "category": content.category.title, "level": content.level.title, "route": content.route.title,
            "ssa": content.sectorSubjectArea.map { "\($0)" } ?? "", "glh": content.guidedLearningHours, "tqt": content.totalQualificationTime,
            "standards": content.standardReferences.joined(separator: ", "), "demand": content.employerDemandEvidence,
            "reviewer": directory.userName(submission.assignedReviewerID),
            "versions": submission.versions.map { version -> [String: Any] in
                ["number": version.number, "submittedAt": StaffText.time(version.submittedAt),
                 "by": directory.userName(version.submittedBy), "late": version.lateExceptionID != nil,
                 "previous": version.number > 1 ? version.number - 1 : 0, "hasPrevious": version.number > 1]
            },
            "documents": content.documents.map { document -> [String: Any] in
                ["kind": document.kind.title, "name": document.originalName, "sha256": document.sha256,
                 "size": ByteCountFormatter.string(fromByteCount: document.byteCount, countStyle: .file)]
            },
            "clarifications": submission.clarificationRounds.map { round -> [String: Any] in
                var item: [String: Any] = ["number": round.number, "question": round.question, "askedAt": StaffText.time(round.askedAt),
                                           "askedBy": directory.userName(round.askedBy), "answer": round.answer ?? "",
                                           "answeredAt": StaffText.time(round.answeredAt)]
                if let due = dueDates[round.number] {
                    item["due"] = StaffText.time(due)
                    item["overdue"] = round.answer == nil && clock() >= due
                }
                return item
            },
            "canAssign": actor.has(.admin) && [.submitted, .inReview, .clarificationRequested].contains(submission.state),
            "reviewerOptions": directory.reviewerOptions(for: submission.organisationID, assigned: submission.assignedReviewerID),
            "canStart": isAssigned && myReview == nil && [.submitted, .inReview].contains(submission.state),
            "canReview": isAssigned && myReview != nil && [.inReview, .clarificationRequested].contains(submission.state),
            "canAskClarification": isAssigned && submission.state == .inReview,
            "canRecommend": isAssigned && myReview != nil && submission.state == .inReview,
            "dueDefault": StaffText.field(clock().addingTimeInterval(10 * 86_400)),
        ]
        if let review = myReview ?? reviews.last {
            context["review"] = [
                "reference": review.reference.description, "reviewer": directory.userName(review.reviewerID),
                "state": StaffText.state(review.state.rawValue), "version": review.versionNumber,
                "summary": review.summary ?? "", "recommended": review.recommendedOutcome.map { StaffText.state($0.rawValue) } ?? "",
            ]
            context["criteria"] = ReviewCriterion.criteria(for: review.category).map { criterion -> [String: Any] in
                let assessment = review.assessment(of: criterion)
                return ["code": criterion.rawValue, "title": criterion.title, "guidance": criterion.guidance(for: review.category),
                        "outcome": assessment.map { StaffText.state($0.outcome.rawValue) } ?? "Not assessed yet",
                        "comment": typed["comment_\(criterion.rawValue)"] ?? assessment?.comment ?? "",
                        "options": CriterionOutcome.allCases.map { outcome -> [String: Any] in
                            ["value": outcome.rawValue, "label": StaffText.state(outcome.rawValue), "id": "outcome_\(criterion.rawValue)-\(outcome.rawValue)",
                             "checked": (typed["outcome_\(criterion.rawValue)"] ?? assessment?.outcome.rawValue) == outcome.rawValue]
                        }]
            }
        }
        if let recommendation = submission.recommendation {
            context["recommendation"] = ["outcome": StaffText.state(recommendation.outcome.rawValue), "rationale": recommendation.rationale,
                                         "by": directory.userName(recommendation.recommendedBy), "at": StaffText.time(recommendation.recommendedAt),
                                         "reviewedVersion": recommendation.reviewedVersionNumber ?? 0, "latestVersion": recommendation.latestVersionNumber ?? 0]
        }
        if let decision = submission.decision {
            context["decision"] = ["outcome": StaffText.state(decision.outcome.rawValue), "reasons": decision.reasons,
                                   "by": directory.userName(decision.decidedBy), "at": StaffText.time(decision.decidedAt)]
        }
        let pending = try records.pendingDecision(for: submission.id)
        if let pending {
            context["pending"] = ["outcome": StaffText.state(pending.outcome.rawValue), "reasons": pending.reasons,
                                  "by": directory.userName(pending.recordedBy), "at": StaffText.time(pending.recordedAt)]
        }
        context["canDecide"] = actor.has(.approver) && submission.state == .recommended
        context["canRelease"] = actor.has(.approver) && submission.state == .recommended && pending != nil
        let exceptions = try records.lateSubmissionExceptions(about: submission.id)
        context["exceptions"] = exceptions.map { ["reference": $0.reference.description, "state": StaffText.state($0.state.rawValue)] }
        context["notice"] = Self.notices[StaffText.query(request, "done")]
        return context
    }

    static let notices: [String: String] = [
        "reviewer_assigned": "The reviewer has been assigned.",
        "review_started": "The review has started. Record the outcome of each criterion below.",
        "criteria_saved": "The criteria have been saved.",
        "clarification_requested": "The clarification request has been sent to the awarding organisation.",
        "recommended": "The review is complete and the recommendation has gone to the approvers.",
        "decision_recorded": "The decision has been recorded. The awarding organisation will see it once it is released.",
        "decision_released": "The decision has been released to the awarding organisation.",
    ]
}
