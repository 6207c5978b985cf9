import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Conflicts of interest declared by reviewers, the staff home page and the audit trail.
@Suite struct OversightTests {
    @Test func aReviewerWhoDeclaresAConflictStopsSeeingThatOrganisation() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let submission = try #require(try fixture.submissions { $0.organisationID == (try? fixture.northbridge) && !$0.versions.isEmpty }.first)
        let reviewer = try fixture.client(InstituteFixture.reviewer)
        #expect(try reviewer.get("/institute/submissions/\(submission.reference)").status == 200)
        try reviewer.get("/institute/conflicts")
        let missing = try reviewer.post("/institute/conflicts", [("organisation", ""), ("description", "My sister works there.")])
        #expect(missing.status == 422 && missing.body.contains("My sister works there.") && missing.body.contains("href=\"#organisation\""))
        #expect(try reviewer.post("/institute/conflicts", [("organisation", try fixture.northbridge.rawValue), ("description", "My sister works there.")]).status == 303)
        #expect(try reviewer.get("/institute/submissions/\(submission.reference)").status == 404)
        #expect(!(try reviewer.get("/institute/submissions").body.contains(submission.reference.description)))
        // Nor is the reviewer offered for Northbridge's records any more.
        let admin = try fixture.client(InstituteFixture.admin)
        #expect(!(try admin.get("/institute/submissions/\(submission.reference)").body.contains("Riya Reviewer\"")))
        let offered = try admin.get("/institute/proposals/\(try fixture.proposal(.submitted, of: try fixture.northbridge).reference)")
        #expect(!offered.body.contains("<label for=\"reviewer-\(try fixture.userID(InstituteFixture.reviewer).rawValue)\">"))
        // Approvers do not declare conflicts.
        #expect(try fixture.client(InstituteFixture.approver).post("/institute/conflicts", [("organisation", "x"), ("description", "y")]).status == 403)
    }

    @Test func homeAndAuditTrail() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let admin = try fixture.client(InstituteFixture.admin)
        let home = try admin.get("/institute")
        #expect(home.status == 200 && home.body.contains("late-submission exceptions to decide"))
        let reviewerHome = try fixture.client(InstituteFixture.reviewer).get("/institute")
        #expect(reviewerHome.body.contains("assigned to you") && !reviewerHome.body.contains("exceptions to decide"))

        let audit = try admin.get("/institute/audit")
        #expect(audit.status == 200 && audit.body.contains("Hash chain intact"))
        let submission = try fixture.submission(.approved, of: try fixture.northbridge)
        let history = try admin.get("/institute/audit?record=\(submission.reference)")
        #expect(history.body.contains("<td>approve</td>") && history.body.contains("<td>submit</td>"))
        #expect(!history.body.contains("<td>issue feedback</td>"))
        let bad = try admin.get("/institute/audit?from=yesterday")
        #expect(bad.status == 200 && bad.body.contains("There is a problem") && bad.body.contains("href=\"#from\""))
        let windowed = try admin.get("/institute/audit?record=\(submission.reference)&from=2025-04-15%2014:00&until=2025-04-15%2015:00")
        #expect(windowed.body.contains("<td>approve</td>") && !windowed.body.contains("<td>submit</td>"))
        #expect(try fixture.client(InstituteFixture.aoEditor).get("/institute/audit").status == 403)
    }
}
