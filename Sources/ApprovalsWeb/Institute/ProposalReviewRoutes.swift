import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// A proposal as the Institute works on it: its content, the reviewer assigned, the three-part
/// feedback written as a draft and released (one by one here, in bulk from the queue), and the
/// follow-up meeting once held.
struct ProposalReviewRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let clock: @Sendable () -> Date

    var lookup: StaffRecords { StaffRecords(records: records) }

    func register(on routes: inout GuardedRoutes) {
        let show = page.form("institute-proposal") { request, visit, _ in try context(request, visit) }
        routes.page("/institute/proposals/:reference", .read, .review(nil)) { request, visit in
            try show.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/institute/proposals/:reference/assign", .administer, .review(nil), page: show) { request, visit, fields in
            let proposal = try lookup.proposal(request, visit, .administer)
            guard let reviewer = fields["reviewer"], !reviewer.isEmpty else {
                return try show.invalid(request, visit, fields, [FieldError("reviewer", "Select the reviewer to assign")])
            }
            return try attempt(show, request, visit, fields) {
                try records.applyProposal(.assignReviewer(UserID(reviewer)), to: proposal.id, expectedVersion: proposal.version,
                                          by: try visit.signedInActor(), at: clock())
                return "reviewer_assigned"
            }
        }
        routes.form("/institute/proposals/:reference/start-review", .review, .review(nil), page: show) { request, visit, fields in
            let proposal = try lookup.proposal(request, visit, .review)
            return try attempt(show, request, visit, fields) {
                try records.applyProposal(.startReview, to: proposal.id, expectedVersion: proposal.version, by: try visit.signedInActor(), at: clock())
                return "review_started"
            }
        }
        routes.form("/institute/proposals/:reference/feedback", .review, .review(nil), page: show) { request, visit, fields in
            let proposal = try lookup.proposal(request, visit, .review)
            let parts = FeedbackParts(fields)
            guard proposal.state == .inReview else {
                return try show.invalid(request, visit, fields, [FieldError(nil, "\(proposal.reference) is \(StaffText.state(proposal.state.rawValue).lowercased()): feedback is written while it is in review. Start the review first.")])
            }
            if parts.allBlank {
                return try show.invalid(request, visit, fields, [FieldError(FeedbackParts.fields[0], "Write at least one part of the feedback before saving the draft")])
            }
            try records.saveFeedbackDraft(on: proposal, categoryFitAndNeed: parts.fit, dutiesQualityAndRelevance: parts.duties,
                                          employerDemandApproach: parts.demand, by: try visit.signedInActor(), at: clock())
            if fields["then"] == "release" {
                return try attempt(show, request, visit, fields) {
                    try records.releaseFeedback(on: proposal.id, by: try visit.signedInActor(), at: clock())
                    return "feedback_released"
                }
            }
            return SignInRedirect.redirect(to: "/institute/proposals/\(proposal.reference)?done=draft_saved")
        }
        routes.form("/institute/proposals/:reference/release", .review, .review(nil), page: show) { request, visit, fields in
            let proposal = try lookup.proposal(request, visit, .review)
            return try attempt(show, request, visit, fields) {
                try records.releaseFeedback(on: proposal.id, by: try visit.signedInActor(), at: clock())
                return "feedback_released"
            }
        }
        routes.form("/institute/proposals/:reference/follow-up", .review, .review(nil), page: show) { request, visit, fields in
            let proposal = try lookup.proposal(request, visit, .review)
            let heldOn = StaffText.trimmed(fields["held_on"]), notes = StaffText.trimmed(fields["notes"])
            var errors: [FieldError] = []
            if heldOn.isEmpty { errors.append(FieldError("held_on", "Enter the date the meeting was held, like 2025-06-12")) }
            if notes.isEmpty { errors.append(FieldError("notes", "Enter what was discussed and agreed")) }
            guard errors.isEmpty else { return try show.invalid(request, visit, fields, errors) }
            return try attempt(show, request, visit, fields) {
                try records.recordFollowUpMeeting(on: proposal, heldOn: heldOn, notes: notes, by: try visit.signedInActor(), at: clock())
                return "meeting_recorded"
            }
        }
    }

    /// Runs a change; on success back to the proposal with a notice, on a domain refusal the page
    /// again with the domain's message and what was typed.
    func attempt(_ show: InstituteFormPage, _ request: HTTPRequest, _ visit: Visit, _ fields: FormFields,
                 _ change: () throws -> String) throws -> HTTPResponse {
        do {
            let done = try change()
            return SignInRedirect.redirect(to: "/institute/proposals/\(request.parameters["reference"] ?? "")?done=\(done)")
        } catch let violation as RuleViolation {
            return try show.refused(request, visit, fields, violation)
        } catch let conflict as EditConflict {
            return try show.invalid(request, visit, fields, [FieldError(nil, conflict.description)])
        }
    }

    func context(_ request: HTTPRequest, _ visit: Visit) throws -> [String: Any] {
        let proposal = try lookup.proposal(request, visit, .read)
        let actor = try visit.signedInActor()
        let content = proposal.content
        let draft = try records.feedbackDraft(for: proposal.id)
        // Everyone the page names, so that someone who has since lost a staff role is still shown by name.
        let meeting = try records.followUpMeeting(for: proposal.id)
        let named = [proposal.assignedReviewerID, draft?.writtenBy, proposal.feedback?.issuedBy, meeting?.recordedBy].compactMap { $0 }
        let directory = try StaffDirectory(records, staffAnd: named)
        let isAssigned = proposal.assignedReviewerID == actor.id && actor.has(.reviewer)
        var context: [String: Any] = [
            "reference": proposal.reference.description, "title": content.intendedTitle,
            "state": StaffText.state(proposal.state.rawValue), "organisation": directory.organisationName(proposal.organisationID),
            "cycle": directory.cycleName(proposal.cycleID), "category": content.category.title, "level": content.level.title,
            "route": content.route.title, "area": content.proposedArea, "aims": content.aimsAndPurpose,
            "glh": content.guidedLearningHours, "tqt": content.totalQualificationTime,
            "standards": content.standardReferences.joined(separator: ", "), "duties": content.proposedDuties,
            "industry": content.demandRationale.industryUnderstanding, "approach": content.demandRationale.approach,
            "buildOn": content.demandRationale.howDutiesBuildOnStandard,
            "recognition": content.demandRationale.statutoryOrProfessionalRecognition,
            "submittedAt": StaffText.time(proposal.submittedAt),
            "reviewer": directory.userName(proposal.assignedReviewerID),
            "canAssign": actor.has(.admin) && [.submitted, .inReview].contains(proposal.state),
            "reviewerOptions": directory.reviewerOptions(for: proposal.organisationID, assigned: proposal.assignedReviewerID),
            "canStart": isAssigned && proposal.state == .submitted,
            "canWrite": isAssigned && proposal.state == .inReview,
            "hasDraft": draft != nil,
        ]
        if let due = try records.record(Cycle.self, id: proposal.cycleID.rawValue).windows.proposalFeedbackDue {
            context["feedbackDue"] = StaffText.time(due)
            context["overdue"] = proposal.feedback == nil && [.submitted, .inReview].contains(proposal.state) && clock() >= due
        }
        if let draft {
            context["draft"] = ["fit": draft.categoryFitAndNeed, "duties": draft.dutiesQualityAndRelevance, "demand": draft.employerDemandApproach,
                                "writtenBy": directory.userName(draft.writtenBy), "writtenAt": StaffText.time(draft.writtenAt)]
        }
        if let feedback = proposal.feedback {
            var issued: [String: Any] = ["fit": feedback.categoryFitAndNeed, "duties": feedback.dutiesQualityAndRelevance,
                                         "demand": feedback.employerDemandApproach, "issuedBy": directory.userName(feedback.issuedBy),
                                         "issuedAt": StaffText.time(feedback.issuedAt)]
            if let followUp = feedback.followUpRequested { issued["followUp"] = followUp ? "Yes" : "No" }
            if let proceed = feedback.willProceed { issued["proceed"] = proceed ? "Yes" : "No" }
            context["feedback"] = issued
            context["canRecordMeeting"] = actor.has(.reviewer) || actor.has(.admin)
        }
        if let meeting {
            context["meeting"] = ["heldOn": meeting.heldOn, "notes": meeting.notes, "recordedBy": directory.userName(meeting.recordedBy)]
        }
        // Fill the feedback form from the draft unless the person's own typing is coming back.
        context["defaults"] = ["category_fit_and_need": draft?.categoryFitAndNeed ?? "",
                                  "duties_quality_and_relevance": draft?.dutiesQualityAndRelevance ?? "",
                                  "employer_demand_approach": draft?.employerDemandApproach ?? ""]
        context["notice"] = Self.notices[StaffText.query(request, "done")]
        return context
    }

    static let notices: [String: String] = [
        "reviewer_assigned": "The reviewer has been assigned.",
        "review_started": "The review has started. Write the feedback below.",
        "draft_saved": "The feedback has been saved as a draft. The awarding organisation cannot see it until it is released.",
        "feedback_released": "The feedback has been released to the awarding organisation.",
        "meeting_recorded": "The follow-up meeting has been recorded.",
    ]
}

/// The three parts of proposal feedback as a form sends them.
struct FeedbackParts {
    static let fields = ["category_fit_and_need", "duties_quality_and_relevance", "employer_demand_approach"]
    let fit: String
    let duties: String
    let demand: String

    init(_ fields: FormFields) {
        fit = StaffText.trimmed(fields[Self.fields[0]])
        duties = StaffText.trimmed(fields[Self.fields[1]])
        demand = StaffText.trimmed(fields[Self.fields[2]])
    }

    var allBlank: Bool { fit.isEmpty && duties.isEmpty && demand.isEmpty }
}
