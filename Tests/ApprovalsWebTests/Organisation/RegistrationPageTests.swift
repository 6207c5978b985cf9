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
        let badArea = try client.post(base + "/qualifications/new", [("title", Self.title), ("category", "occupational_entry"),
                                                                      ("standards", "st0973"), ("specialist_area", "made-up"), ("proposal_first", "no")])
        #expect(badArea.status == 422 && badArea.body.contains("href=\"#specialist_area\"") && badArea.body.contains("value=\"st0973\""))
        let added = try client.post(base + "/qualifications/new", [("title", Self.title), ("category", "occupational_entry"),
                                                                    ("standards", "st0973"), ("specialist_area", ""), ("proposal_first", "no")])
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

    /// The fields of the exception form for an event at `instant` (UK time).
    static func exceptionFields(at instant: Date) -> [(String, String)] {
        let event = UKTime.wallClock(at: instant)
        return [("reason_kind", "technical_failure_ao"), ("what_happened", "Our registration system failed."),
                ("event_at", String(event.date.day)), ("event_at-month", String(event.date.month)), ("event_at-year", String(event.date.year)),
                ("event_at-hour", String(event.hour)), ("event_at-minute", String(event.minute))]
    }

    /// DOMAIN.md: outside a window nothing is accepted except through a granted exception, and
    /// that holds for the registration of intent window too.
    @Test func aRegistrationIsSentLateOnlyThroughAGrantedException() throws {
        let service = try OrganisationService()
        let client = try service.signedIn()
        let reference = try start(service, client)
        let base = "/organisation/registrations/\(reference)"
        try client.get(base + "/qualifications/new")
        try client.post(base + "/qualifications/new", [("title", Self.title), ("category", "occupational_entry"), ("standards", "ST0973"), ("proposal_first", "no")])
        // While the window is open the page offers no exception, and the domain refuses one with the way forward.
        #expect(!(try client.get(base).body.contains("Ask for a late-submission exception")))
        // The form says so before anything is typed, in the domain's words.
        #expect(try client.get(base + "/exception").body.contains("<div class=\"inset-text\"><p>The registration of intent window for"))
        let early = try client.upload(base + "/exception", fields: Self.exceptionFields(at: service.clock.now().addingTimeInterval(-600)),
                                      files: [("evidence", "log.pdf", SampleFiles.pdf("log"))])
        #expect(early.status == 422 && early.body.contains("send \(reference) now"))

        let closes = try #require(try service.currentCycle.windows.registrationOfIntent?.closes)
        service.moveClock(to: closes.addingTimeInterval(3600))
        let later = try service.signedIn()
        let closed = try later.get(base)
        #expect(closed.body.contains("closed at") && closed.body.contains("href=\"\(base)/exception\""))
        #expect(!(try later.get(base + "/exception").body.contains("inset-text")))
        let fields = Self.exceptionFields(at: closes.addingTimeInterval(-1800))
        let lodged = try later.upload(base + "/exception", fields: fields, files: [("evidence", "log.pdf", SampleFiles.pdf("log"))])
        #expect(lodged.status == 303)
        let registration = try service.records.record(RegistrationOfIntent.self, reference: reference)
        let exception = try #require(try service.records.page(LateSubmissionException.self, limit: 500).records.first { $0.recordID == registration.id.rawValue })
        #expect(exception.window == .registrationOfIntent && exception.state == .requested)
        // Waiting: no longer offered, and a second request is refused by the domain.
        let waiting = try later.get(base)
        #expect(!waiting.body.contains("Ask for a late-submission exception") && waiting.body.contains(exception.reference.description))
        try later.get(base + "/exception")
        let again = try later.upload(base + "/exception", fields: fields, files: [("evidence", "log.pdf", SampleFiles.pdf("log"))])
        #expect(again.status == 422 && again.body.contains("is waiting for a decision"))
        #expect(try later.post(base + "/register", []).status == 422)

        let admin = try service.actor("admin@institute.example")
        try service.records.applyException(.grant(newDeadline: service.clock.now().addingTimeInterval(7200), reason: "Outage confirmed"),
                                           to: exception.id, expectedVersion: exception.version, by: admin, at: service.clock.now())
        #expect(try later.get(base).body.contains("Your late-submission exception lets you register or amend this until"))
        #expect(try later.post(base + "/register", []).status == 303)
        #expect(try service.records.record(RegistrationOfIntent.self, reference: reference).state == .registered)
    }
}
