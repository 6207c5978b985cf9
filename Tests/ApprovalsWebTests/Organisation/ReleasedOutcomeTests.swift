import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Feedback and decisions as released: the organisation reads the decision and its reasons on the
/// submission's page, and the feedback on its proposal's; another organisation reads neither.
@Suite(.serialized) struct ReleasedOutcomeTests {
    @Test func releasedDecisionsAndFeedbackAreShownToTheirOwnerOnly() throws {
        let service = try OrganisationService()
        let northbridge = try #require(try service.actor(OrganisationService.editor).organisationID)
        let decided = try service.records.page(Submission.self, filter: RecordFilter(organisationID: northbridge.rawValue), limit: 500).records
            .filter { $0.decision != nil }
        #expect(!decided.isEmpty, "the demo data has decided submissions of Northbridge")
        let client = try service.signedIn()
        for submission in decided {
            let decision = try #require(submission.decision)
            let page = try client.get("/organisation/submissions/\(submission.reference)")
            #expect(page.status == 200 && page.body.contains("<h2>Decision</h2>"))
            #expect(page.body.contains(decision.outcome == .approved ? "Approved" : "Not approved"))
            #expect(page.body.contains(UKTime.describe(decision.decidedAt, style: .abbreviation)))
            #expect(try service.signedIn(OrganisationService.otherEditor).get("/organisation/submissions/\(submission.reference)").status == 404)
        }
        let withFeedback = try service.records.page(Proposal.self, filter: RecordFilter(organisationID: northbridge.rawValue), limit: 500).records
            .filter { $0.feedback != nil }
        #expect(!withFeedback.isEmpty, "the demo data has a Northbridge proposal with feedback")
        for proposal in withFeedback {
            let feedback = try #require(proposal.feedback)
            let page = try client.get("/organisation/proposals/\(proposal.reference)")
            #expect(page.body.contains("The Institute&#39;s feedback") || page.body.contains("The Institute's feedback"))
            #expect(page.body.contains(feedback.dutiesQualityAndRelevance.replacingOccurrences(of: "'", with: "&#39;"))
                    || page.body.contains(feedback.dutiesQualityAndRelevance))
        }
    }
}
