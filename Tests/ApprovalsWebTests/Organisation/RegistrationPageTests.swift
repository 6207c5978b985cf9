import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Registrations of intent through the pages: the happy path, what was typed kept on a mistake,
/// CSRF, another organisation's record, and the window closed.
@Suite(.serialized) struct RegistrationPageTests {
    static let title = "Level 3 Technical Occupational Entry in Network Support (Certificate)"

    func start(_ service: OrganisationService, _ client: WebClient) throws -> String {
        try client.get("/organisation/registrations/new")
        let created = try client.post("/organisation/registrations/new", [
            ("cycle", try service.currentCycle.id.rawValue), ("contact_name", "Nia Editor"), ("contact_email", "nia@northbridge.example"),
        ])
        #expect(created.status == 303)
        let location = try #require(created.location)
        return String(location.split(separator: "/")[2])
    }

    @Test func anAwardingOrganisationRegistersAmendsAndWithdraws() throws {
        let service = try OrganisationService()
        let client = try service.signedIn()
        let reference = try start(service, client)
        let base = "/organisation/registrations/\(reference)"
        try client.get(base + "/qualifications/new")
        let added = try client.post(base + "/qualifications/new", [("title", Self.title), ("category", "occupational_entry"),
                                                                    ("standards", "st0973"), ("proposal_first", "no")])
        #expect(added.status == 303)
        try client.get(base)
        let registered = try client.post(base + "/register", [])
        #expect(registered.status == 303)
        let page = try client.follow(registered)
        #expect(page.body.contains("is registered") && page.body.contains(Self.title) && page.body.contains("ST0973"))
        // Amending a registered one: another qualification.
        try client.get(base + "/qualifications/new")
        #expect(try client.post(base + "/qualifications/new", [("title", "Level 3 Technical Progression in Cloud Support (Diploma)"),
                                                              ("category", "occupational_progression"), ("standards", ""), ("proposal_first", "no")]).status == 303)
        let stored = try service.records.record(RegistrationOfIntent.self, reference: reference)
        #expect(stored.state == .registered && stored.details.qualifications.count == 2)
        try client.get(base + "/withdraw")
        #expect(try client.post(base + "/withdraw", [("reason", "Merged into next cycle")]).status == 303)
        #expect(try service.records.record(RegistrationOfIntent.self, reference: reference).state == .withdrawn)
        let actions = try service.records.history(recordType: .registrationOfIntent, recordID: stored.id.rawValue).map(\.entry.action)
        #expect(actions == ["create", "edit_draft", "register", "amend", "withdraw"])
    }

    @Test func mistakesAreListedAndWhatWasTypedIsKept() throws {
        let service = try OrganisationService()
        let client = try service.signedIn()
        try client.get("/organisation/registrations/new")
        let refused = try client.post("/organisation/registrations/new", [("contact_name", "Nia <Editor>"), ("contact_email", "not-an-email")])
        #expect(refused.status == 422)
        #expect(refused.body.contains("There is a problem"))
        #expect(refused.body.contains("href=\"#cycle\"") && refused.body.contains("href=\"#contact_email\""))
        #expect(refused.body.contains("value=\"Nia &lt;Editor&gt;\"") && refused.body.contains("value=\"not-an-email\""))
        #expect(refused.body.contains("<title>Error: "))
    }

    @Test func aFormWithoutItsCSRFTokenChangesNothing() throws {
        let service = try OrganisationService()
        let client = try service.signedIn()
        let before = try service.records.page(RegistrationOfIntent.self, limit: 500).records.count
        try client.get("/organisation/registrations/new")
        let refused = try client.post("/organisation/registrations/new", [("cycle", try service.currentCycle.id.rawValue), ("contact_name", "Nia"),
                                                                           ("contact_email", "nia@northbridge.example")], csrf: .value("forged"))
        #expect(refused.status == 403 && refused.body.contains("value=\"Nia\""))
        #expect(try service.records.page(RegistrationOfIntent.self, limit: 500).records.count == before)
    }

    @Test func anotherOrganisationsRegistrationIsNotFound() throws {
        let service = try OrganisationService()
        let owner = try service.signedIn()
        let reference = try start(service, owner)
        let other = try service.signedIn(OrganisationService.otherEditor)
        #expect(try other.get("/organisation/registrations/\(reference)").status == 404)
        try other.get("/organisation")
        #expect(try other.post("/organisation/registrations/\(reference)/register", []).status == 404)
        #expect(try other.get("/organisation/registrations/NOPE-0001").status == 404)
    }

    @Test func registeringAfterTheWindowClosedIsRefusedWithTheDomainsMessage() throws {
        let service = try OrganisationService()
        let client = try service.signedIn()
        let reference = try start(service, client)
        let base = "/organisation/registrations/\(reference)"
        try client.get(base + "/qualifications/new")
        try client.post(base + "/qualifications/new", [("title", Self.title), ("category", "occupational_entry"), ("standards", "ST0973"), ("proposal_first", "no")])
        service.moveClock(to: try #require(try service.currentCycle.windows.registrationOfIntent?.closes))
        // Days later the session has expired: sign in again, as a person would.
        let later = try service.signedIn()
        try later.get(base)
        let refused = try later.post(base + "/register", [])
        #expect(refused.status == 422 && refused.body.contains("There is a problem") && refused.body.contains("closed at"))
        #expect(try service.records.record(RegistrationOfIntent.self, reference: reference).state == .draft)
    }
}
