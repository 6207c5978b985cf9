import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// "/" and `/organisation` over real sockets: who is sent where, the windows in UK time with GMT or
/// BST stated, the countdown from the service clock, and only the organisation's own records.
@Suite(.serialized) struct OrganisationHomeTests {
    @Test func theStartPageSendsEachPersonToTheirWork() throws {
        let service = try OrganisationService()
        let anonymous = WebClient(port: service.port)
        let start = try anonymous.get("/")
        #expect(start.status == 200 && start.body.contains("Sign in to start"))
        let editor = try service.signedIn()
        let home = try editor.get("/")
        #expect(home.status == 303 && home.location == "/organisation")
        let reviewer = try service.signedIn("reviewer@institute.example")
        #expect(try reviewer.get("/").location == "/institute")
        // Staff are not awarding organisations: the organisation pages refuse them.
        #expect(try reviewer.get("/organisation").status == 403)
    }

    @Test func theHomeShowsWindowsInUKTimeACountdownAndOnlyOwnRecords() throws {
        let service = try OrganisationService()
        let cycle = try service.currentCycle
        let closes = try #require(cycle.windows.registrationOfIntent?.closes)
        // 3 days, 4 hours and 30 seconds before the registration window closes, on the service clock.
        service.moveClock(to: closes.addingTimeInterval(-(3 * 86_400 + 4 * 3600 + 30)))
        let page = try service.signedIn().get("/organisation")
        #expect(page.status == 200)
        #expect(page.body.contains("Northbridge Awards"))
        #expect(page.body.contains("closes in 3 days 4 hours"))
        #expect(page.body.contains(UKTime.describe(closes, style: .abbreviation)))
        #expect(page.body.contains(" GMT on ") || page.body.contains(" BST on "))
        #expect(page.body.contains("Level 3 demonstration cycle"))
        let harbour = try service.records.page(Submission.self, limit: 500).records.filter { $0.organisationID != (try? service.actor(OrganisationService.editor).organisationID) }
        for other in harbour { #expect(!page.body.contains(other.reference.description)) }
        let own = try service.records.page(Submission.self, limit: 500).records.filter { $0.organisationID == (try? service.actor(OrganisationService.editor).organisationID) }
        #expect(own.allSatisfy { page.body.contains($0.reference.description) })
    }
}
