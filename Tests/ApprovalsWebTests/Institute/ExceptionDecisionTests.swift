import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Late-submission exceptions over real sockets: the queue with evidence, granted with a new deadline
/// in UK time or refused, with reasons; only administrators.
@Suite struct ExceptionDecisionTests {
    func requested(_ fixture: InstituteFixture) throws -> LateSubmissionException {
        try #require(try fixture.records.page(LateSubmissionException.self, limit: 100).records.first { $0.state == .requested })
    }

    @Test func grantWithANewDeadline() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let exception = try requested(fixture)
        let admin = try fixture.client(InstituteFixture.admin)
        let queue = try admin.get("/institute/exceptions?state=requested")
        #expect(queue.status == 200 && queue.body.contains(exception.reference.description))
        let path = "/institute/exceptions/\(exception.reference)"
        let page = try admin.get(path)
        #expect(page.body.contains(exception.whatHappened) && page.body.contains("/evidence/\(exception.evidence[0].sha256)"))
        #expect(try admin.get(path + "/evidence/\(exception.evidence[0].sha256)").status == 200)

        let noDeadline = try admin.post(path + "/decide", [("decision", "grant"), ("new_deadline", ""), ("reason", "Outage confirmed.")])
        #expect(noDeadline.status == 422 && noDeadline.body.contains("href=\"#new_deadline\"") && noDeadline.body.contains("Outage confirmed."))
        #expect(noDeadline.body.contains("value=\"grant\" checked"))
        // Before the window closed: the domain's message names the fix.
        let early = try admin.post(path + "/decide", [("decision", "grant"), ("new_deadline", "2025-03-20 17:00"), ("reason", "Outage confirmed.")])
        #expect(early.status == 422 && early.text.contains("The new deadline must be after the window closed"))

        let deadline = fixture.service.clock.now().addingTimeInterval(14 * 86_400)
        let granted = try admin.post(path + "/decide", [("decision", "grant"), ("new_deadline", StaffText.field(deadline)), ("reason", "Outage confirmed.")])
        #expect(granted.status == 303)
        let decided = try fixture.records.record(LateSubmissionException.self, id: exception.id.rawValue)
        #expect(decided.state == .granted && abs((decided.newDeadline ?? .distantPast).timeIntervalSince(deadline)) < 60)
        #expect(try admin.get(path).body.contains(StaffText.time(decided.newDeadline)))
    }

    @Test func refuseAndRefusals() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let exception = try requested(fixture)
        let path = "/institute/exceptions/\(exception.reference)"
        for email in [InstituteFixture.reviewer, InstituteFixture.approver, InstituteFixture.aoEditor] {
            let client = try fixture.client(email)
            #expect(try client.get(path).status == 403, "\(email)")
            #expect(try client.post(path + "/decide", [("decision", "refuse"), ("reason", "No.")]).status == 403, "\(email)")
        }
        let admin = try fixture.client(InstituteFixture.admin)
        #expect(try admin.post(path + "/decide", [("decision", "refuse"), ("reason", "No.")], csrf: .none).status == 403)
        #expect(try admin.post(path + "/decide", [("reason", "No.")]).status == 422)
        #expect(try admin.post(path + "/decide", [("decision", "refuse"), ("reason", "The event came after the deadline.")]).status == 303)
        #expect(try fixture.records.record(LateSubmissionException.self, id: exception.id.rawValue).state == .refused)
        #expect(try admin.get("/institute/exceptions/EXC-NOPE-0001").status == 404)
    }
}
