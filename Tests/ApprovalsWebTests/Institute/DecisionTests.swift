import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Decisions over real sockets: recorded by an approver and held, refused while an Ofqual note on
/// the AO is open (with the domain's message), released one by one or in bulk.
@Suite struct DecisionTests {
    @Test func aDecisionIsHeldUntilReleased() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let submission = try fixture.submission(.recommended, of: try fixture.northbridge)
        let path = "/institute/submissions/\(submission.reference)"
        let approver = try fixture.client(InstituteFixture.approver)
        #expect(try approver.get(path).body.contains("Record the decision"))

        let missing = try approver.post(path + "/decision", [("outcome", "approved"), ("reasons", "")])
        #expect(missing.status == 422 && missing.body.contains("href=\"#reasons\""))
        #expect(missing.body.contains("value=\"approved\" checked"))

        #expect(try approver.post(path + "/decision", [("outcome", "approved"), ("reasons", "Every criterion is met.")]).status == 303)
        #expect(try fixture.records.record(Submission.self, id: submission.id.rawValue).decision == nil, "held, not yet the AO's to see")
        #expect(try approver.get("/institute/decisions").body.contains("not released"))

        #expect(try approver.post(path + "/release-decision", []).status == 303)
        let decided = try fixture.records.record(Submission.self, id: submission.id.rawValue)
        #expect(decided.state == .approved && decided.decision?.reasons == "Every criterion is met.")
        #expect(try fixture.records.pendingDecision(for: submission.id) == nil)
    }

    @Test func anOpenOfqualNoteRefusesApprovalWithTheDomainsMessage() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let submission = try fixture.submission(.recommended, of: try fixture.northbridge)
        let admin = Actor(id: try fixture.userID(InstituteFixture.admin), roles: [.admin])
        let note = try fixture.records.recordRegulatoryNote(organisationID: try fixture.northbridge, summary: "Ofqual is investigating.",
                                                            receivedAt: fixture.service.clock.now(), by: admin, at: fixture.service.clock.now())
        let approver = try fixture.client(InstituteFixture.approver)
        let refused = try approver.post("/institute/submissions/\(submission.reference)/decision",
                                        [("outcome", "approved"), ("reasons", "Every criterion is met.")])
        #expect(refused.status == 422)
        #expect(refused.text.contains("An approval cannot be recorded while Ofqual regulatory note \(note.reference)"))
        #expect(refused.body.contains("Every criterion is met."))
        #expect(try fixture.records.pendingDecision(for: submission.id) == nil)
        // Not approved can still be recorded.
        #expect(try approver.post("/institute/submissions/\(submission.reference)/decision",
                                  [("outcome", "not_approved"), ("reasons", "Wait for Ofqual.")]).status == 303)
    }

    @Test func bulkReleaseAndRefusals() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let submission = try fixture.submission(.recommended, of: try fixture.northbridge)
        let path = "/institute/submissions/\(submission.reference)"
        // Only approvers decide.
        for email in [InstituteFixture.reviewer, InstituteFixture.admin] {
            #expect(try fixture.client(email).post(path + "/decision", [("outcome", "approved"), ("reasons", "x")]).status == 403, "\(email)")
        }
        #expect(try fixture.client(InstituteFixture.aoEditor).post(path + "/decision", [("outcome", "approved"), ("reasons", "x")]).status == 404)
        let approver = try fixture.client(InstituteFixture.approver)
        #expect(try approver.post(path + "/decision", [("outcome", "approved"), ("reasons", "Met.")], csrf: .none).status == 403)
        #expect(try fixture.records.pendingDecision(for: submission.id) == nil)

        #expect(try approver.post(path + "/decision", [("outcome", "not_approved"), ("reasons", "Demand is not shown.")]).status == 303)
        try approver.get("/institute/decisions")
        #expect(try approver.post("/institute/decisions/release", []).status == 422)
        let released = try approver.post("/institute/decisions/release", [("submission", submission.reference.description)])
        #expect(released.status == 303 && released.location == "/institute/decisions?released=1")
        #expect(try fixture.records.record(Submission.self, id: submission.id.rawValue).state == .notApproved)
    }
}
