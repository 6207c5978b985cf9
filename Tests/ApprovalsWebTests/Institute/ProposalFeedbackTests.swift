import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Proposal feedback over real sockets: assigned, written as a draft the AO cannot see, released one
/// by one or in bulk, the follow-up meeting recorded; with validation, CSRF and role refusals.
@Suite struct ProposalFeedbackTests {
    static let parts = [("category_fit_and_need", "Fits the category."), ("duties_quality_and_relevance", "Duties are relevant."),
                        ("employer_demand_approach", "Survey more employers.")]

    @Test func aDraftStaysWithTheInstituteUntilReleased() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let proposal = try fixture.proposal(.inReview, of: try fixture.crescent)
        let reviewer = try fixture.client(InstituteFixture.reviewer)
        let path = "/institute/proposals/\(proposal.reference)"
        #expect(try reviewer.get(path).body.contains("Save as draft"))

        let saved = try reviewer.post(path + "/feedback", Self.parts + [("then", "draft")])
        #expect(saved.status == 303 && saved.location == path + "?done=draft_saved")
        #expect(try fixture.records.record(Proposal.self, id: proposal.id.rawValue).feedback == nil, "a draft is not issued")
        let page = try reviewer.get(path)
        #expect(page.body.contains("Fits the category.") && page.body.contains("Draft saved by Riya Reviewer"))

        let released = try reviewer.post(path + "/release", [])
        #expect(released.status == 303)
        let issued = try fixture.records.record(Proposal.self, id: proposal.id.rawValue)
        #expect(issued.state == .feedbackIssued && issued.feedback?.employerDemandApproach == "Survey more employers.")
        #expect(try fixture.records.feedbackDraft(for: proposal.id) == nil)
        #expect(try fixture.records.history(recordType: .proposal, recordID: proposal.id.rawValue).map(\.entry.action)
            .suffix(2) == ["save_feedback_draft", "issue_feedback"])

        // The follow-up meeting: validation keeps what was typed, then it is recorded.
        let missing = try reviewer.post(path + "/follow-up", [("held_on", ""), ("notes", "We agreed to widen the panel.")])
        #expect(missing.status == 422 && missing.body.contains("There is a problem") && missing.body.contains("href=\"#held_on\""))
        #expect(missing.body.contains("We agreed to widen the panel."))
        #expect(try reviewer.post(path + "/follow-up", [("held_on", "2024-06-12"), ("notes", "We agreed to widen the panel.")]).status == 303)
        #expect(try fixture.records.followUpMeeting(for: proposal.id)?.heldOn == "2024-06-12")
    }

    @Test func releasingIncompleteFeedbackShowsTheDomainsMessageAndKeepsTheText() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let proposal = try fixture.proposal(.inReview, of: try fixture.crescent)
        let reviewer = try fixture.client(InstituteFixture.reviewer)
        let path = "/institute/proposals/\(proposal.reference)"
        let response = try reviewer.post(path + "/feedback", [("category_fit_and_need", "Only the first part."),
                                                              ("duties_quality_and_relevance", ""), ("employer_demand_approach", ""),
                                                              ("then", "release")])
        #expect(response.status == 422)
        #expect(response.text.contains("Give feedback on the quality and relevance of the proposed duties."))
        #expect(response.body.contains("href=\"#duties_quality_and_relevance\""))
        #expect(response.body.contains("Only the first part."))
        #expect(try fixture.records.record(Proposal.self, id: proposal.id.rawValue).state == .inReview)
        // Nothing at all typed: refused before anything is saved.
        let empty = try reviewer.post(path + "/feedback", [("then", "draft")])
        #expect(empty.status == 422 && empty.body.contains("Write at least one part"))
    }

    @Test func assignStartAndBulkRelease() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let proposal = try fixture.proposal(.submitted, of: try fixture.northbridge)
        let path = "/institute/proposals/\(proposal.reference)"
        let admin = try fixture.client(InstituteFixture.admin)
        let page = try admin.get(path)
        // Both reviewers are free of Northbridge; only Riya is offered for Crescent (Rob declared a conflict).
        #expect(page.body.contains("Riya Reviewer") && page.body.contains("Rob Reviewer"))
        let crescentPage = try admin.get("/institute/proposals/\(try fixture.proposal(.inReview, of: try fixture.crescent).reference)")
        #expect(crescentPage.body.contains("Riya Reviewer") && !crescentPage.body.contains("Rob Reviewer"))

        #expect(try admin.post(path + "/assign", []).status == 422)
        let reviewerID = try fixture.userID(InstituteFixture.reviewer)
        #expect(try admin.post(path + "/assign", [("reviewer", reviewerID.rawValue)]).status == 303)
        let reviewer = try fixture.client(InstituteFixture.reviewer)
        #expect(try reviewer.post(path + "/start-review", []).status == 303)
        #expect(try reviewer.post(path + "/feedback", Self.parts + [("then", "draft")]).status == 303)
        let other = try fixture.proposal(.inReview, of: try fixture.crescent)
        #expect(try reviewer.post("/institute/proposals/\(other.reference)/feedback", Self.parts + [("then", "draft")]).status == 303)

        try reviewer.get("/institute/proposals")
        let bulk = try reviewer.post("/institute/proposals/release", [("record", proposal.reference.description), ("record", other.reference.description)])
        #expect(bulk.status == 303 && bulk.location == "/institute/proposals?released=2")
        for id in [proposal.id, other.id] { #expect(try fixture.records.record(Proposal.self, id: id.rawValue).state == .feedbackIssued) }
    }

    @Test func refusals() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let proposal = try fixture.proposal(.inReview, of: try fixture.crescent)
        let path = "/institute/proposals/\(proposal.reference)"
        let reviewer = try fixture.client(InstituteFixture.reviewer)
        // A forged form (no CSRF token) changes nothing and comes back with what was typed.
        let forged = try reviewer.post(path + "/feedback", Self.parts + [("then", "release")], csrf: .none)
        #expect(forged.status == 403 && forged.body.contains("Fits the category."))
        #expect(try fixture.records.feedbackDraft(for: proposal.id) == nil)
        // Another reviewer is not the one assigned; an approver and an admin do not write feedback.
        for email in [InstituteFixture.approver, InstituteFixture.admin] {
            #expect(try fixture.client(email).post(path + "/feedback", Self.parts).status == 403, "\(email)")
        }
        // Crescent's proposal is hidden from the reviewer who declared a conflict with Crescent.
        #expect(try fixture.client(InstituteFixture.conflictedReviewer).post(path + "/feedback", Self.parts).status == 404)
        #expect(try fixture.client(InstituteFixture.aoEditor).post(path + "/release", []).status == 404)
        // Reviewers do not assign.
        #expect(try reviewer.post(path + "/assign", [("reviewer", "x")]).status == 403)
        #expect(try fixture.records.record(Proposal.self, id: proposal.id.rawValue).state == .inReview)
    }
}
