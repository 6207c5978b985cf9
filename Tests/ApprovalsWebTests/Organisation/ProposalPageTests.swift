import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Proposals through the pages: page by page as a draft, check your answers, submit in the window,
/// then the released feedback and the response; and the refusals.
@Suite(.serialized) struct ProposalPageTests {
    static let title = "Level 3 Technical Specialist in Cloud Security Operations (Certificate)"

    static func write(_ service: OrganisationService, _ client: WebClient) throws -> String {
        try client.get("/organisation/proposals/new")
        let created = try client.post("/organisation/proposals/new", [("cycle", try service.currentCycle.id.rawValue),
                                                                      ("category", "additional_specialist"), ("route", "digital")])
        let reference = String(try #require(created.location).split(separator: "/")[2])
        let base = "/organisation/proposals/\(reference)"
        let pages: [(String, [(String, String)])] = [
            ("about", [("proposed_area", "Cloud security operations"), ("intended_title", title), ("level", "3"),
                       ("aims_and_purpose", "Prepares support technicians to run security operations in the cloud."),
                       ("guided_learning_hours", "240"), ("total_qualification_time", "300"), ("route", "digital")]),
            ("standards", [("standards", "ST0973"), ("proposed_duties", "Monitor cloud alerts\nRespond to incidents"),
                           ("reused_ksbs", "ST0973 K1: secure data handling underpins every duty")]),
            ("need", [("industry_understanding", "Cloud adoption has doubled."), ("approach", "Designed with six employers."),
                      ("how_duties_build_on_standard", "They extend S2 to security incidents."),
                      ("statutory_or_professional_recognition", "None required.")]),
        ]
        for (page, fields) in pages {
            try client.get(base + "/" + page)
            let saved = try client.post(base + "/" + page, fields)
            #expect(saved.status == 303, "page \(page): \(saved.body)")
        }
        return reference
    }

    @Test func aProposalIsWrittenSubmittedAndAnsweredAfterFeedback() throws {
        let service = try OrganisationService()
        let client = try service.signedIn()
        let reference = try Self.write(service, client)
        let check = try client.get("/organisation/proposals/\(reference)")
        #expect(check.body.contains("Check your answers") && check.body.contains("Monitor cloud alerts") && check.body.contains("ST0973 K1: secure data"))
        let submitted = try client.post("/organisation/proposals/\(reference)/submit", [])
        #expect(submitted.status == 303)
        #expect(try client.follow(submitted).body.contains("has been sent to the Institute"))

        // The Institute reviews and releases its feedback (through the store, as its pages would).
        var proposal = try service.records.record(Proposal.self, reference: reference)
        let admin = try service.actor("admin@institute.example"), reviewer = try service.actor("reviewer@institute.example")
        let now = service.clock.now()
        proposal = try service.records.applyProposal(.assignReviewer(reviewer.id), to: proposal.id, expectedVersion: proposal.version, by: admin, at: now)
        proposal = try service.records.applyProposal(.startReview, to: proposal.id, expectedVersion: proposal.version, by: reviewer, at: now)
        proposal = try service.records.applyProposal(.issueFeedback(categoryFitAndNeed: "A good fit.", dutiesQualityAndRelevance: "Clear duties.",
                                                                    employerDemandApproach: "Survey more employers."),
                                                     to: proposal.id, expectedVersion: proposal.version, by: reviewer, at: now)
        let page = try client.get("/organisation/proposals/\(reference)")
        #expect(page.body.contains("A good fit.") && page.body.contains("Survey more employers.") && page.body.contains("non-binding"))
        let missing = try client.post("/organisation/proposals/\(reference)/respond", [("follow_up", "yes")])
        #expect(missing.status == 422 && missing.body.contains("href=\"#will_proceed\""))
        let responded = try client.post("/organisation/proposals/\(reference)/respond", [("follow_up", "yes"), ("will_proceed", "yes")])
        #expect(responded.status == 303)
        let closed = try service.records.record(Proposal.self, reference: reference)
        #expect(closed.state == .closed && closed.feedback?.followUpRequested == true && closed.feedback?.willProceed == true)
    }

    @Test func mistakesKeepInputAndTheDomainsChecksAreShownAtSubmit() throws {
        let service = try OrganisationService()
        let client = try service.signedIn()
        try client.get("/organisation/proposals/new")
        let created = try client.post("/organisation/proposals/new", [("cycle", try service.currentCycle.id.rawValue),
                                                                      ("category", "additional_specialist"), ("route", "digital")])
        let reference = String(try #require(created.location).split(separator: "/")[2])
        try client.get("/organisation/proposals/\(reference)/about")
        let refused = try client.post("/organisation/proposals/\(reference)/about", [("proposed_area", "Area"), ("guided_learning_hours", "many"),
                                                                                    ("level", "3"), ("route", "digital")])
        #expect(refused.status == 422 && refused.body.contains("href=\"#guided_learning_hours\"") && refused.body.contains("value=\"many\""))
        try client.get("/organisation/proposals/\(reference)")
        let early = try client.post("/organisation/proposals/\(reference)/submit", [])
        #expect(early.status == 422 && early.body.contains("href=\"#aims_and_purpose\"") && early.body.contains("id=\"aims_and_purpose\""))
        #expect(try service.records.record(Proposal.self, reference: reference).state == .draft)
    }

    @Test func anotherOrganisationCSRFAndAClosedWindowAreRefused() throws {
        let service = try OrganisationService()
        let client = try service.signedIn()
        let reference = try Self.write(service, client)
        let other = try service.signedIn(OrganisationService.otherEditor)
        #expect(try other.get("/organisation/proposals/\(reference)").status == 404)
        #expect(try other.get("/organisation/proposals/\(reference)/about").status == 404)
        try client.get("/organisation/proposals/\(reference)")
        #expect(try client.post("/organisation/proposals/\(reference)/submit", [], csrf: .value("forged")).status == 403)
        service.moveClock(to: try #require(try service.currentCycle.windows.proposal?.closes))
        let later = try service.signedIn()
        try later.get("/organisation/proposals/\(reference)")
        let refused = try later.post("/organisation/proposals/\(reference)/submit", [])
        #expect(refused.status == 422 && refused.body.contains("closed at"))
        #expect(try service.records.record(Proposal.self, reference: reference).state == .draft)

        // The exception route is offered; asked for, granted, then used for this proposal.
        #expect(try later.get("/organisation/proposals/\(reference)").body.contains("/organisation/proposals/\(reference)/exception"))
        let closes = try #require(try service.currentCycle.windows.proposal?.closes)
        let event = UKTime.wallClock(at: closes.addingTimeInterval(-600))
        try later.get("/organisation/proposals/\(reference)/exception")
        let asked = try later.upload("/organisation/proposals/\(reference)/exception", fields: [
            ("reason_kind", "exceptional_circumstances"), ("what_happened", "A flood closed our office."),
            ("event_at", String(event.date.day)), ("event_at-month", String(event.date.month)), ("event_at-year", String(event.date.year)),
            ("event_at-hour", String(event.hour)), ("event_at-minute", String(event.minute)),
        ], files: [("evidence", "flood.pdf", SampleFiles.pdf("flood report"))])
        #expect(asked.status == 303)
        let lodged = try #require(try service.records.page(LateSubmissionException.self, limit: 500).records.last)
        #expect(lodged.recordType == .proposal && lodged.window == .proposal)
        try service.records.applyException(.grant(newDeadline: service.clock.now().addingTimeInterval(3600), reason: "Flood confirmed"),
                                           to: lodged.id, expectedVersion: lodged.version, by: try service.actor("admin@institute.example"),
                                           at: service.clock.now())
        try later.get("/organisation/proposals/\(reference)")
        #expect(try later.post("/organisation/proposals/\(reference)/submit", []).status == 303)
        #expect(try service.records.record(Proposal.self, reference: reference).state == .submitted)
    }
}
