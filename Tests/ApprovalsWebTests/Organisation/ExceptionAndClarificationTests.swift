import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// After the window: a late-submission exception asked for through the form (its problems keeping
/// the evidence already received, and no half record), granted by the Institute, then used to
/// submit that record only; and a reviewer's clarification request answered with a document.
@Suite(.serialized) struct ExceptionAndClarificationTests {
    @Test func aGrantedExceptionOpensTheSubmitForThatRecordOnly() throws {
        let service = try OrganisationService()
        let journey = SubmissionJourney(service: service, client: try service.signedIn())
        let reference = try journey.start()
        try journey.fillSections(reference)
        try journey.upload(reference, DocumentKind.allCases.filter { $0 != .other })
        // A second complete draft of the same organisation, which the exception must not open.
        let neighbour = try journey.start()
        try journey.fillSections(neighbour)
        try journey.upload(neighbour, DocumentKind.allCases.filter { $0 != .other })
        let closes = try #require(try service.currentCycle.windows.submission?.closes)
        service.moveClock(to: closes.addingTimeInterval(3600))
        let client = try service.signedIn()
        let task = try client.get("/organisation/submissions/\(reference)")
        #expect(task.body.contains("Ask for a late-submission exception"))
        let path = "/organisation/submissions/\(reference)/exception"
        let form = try client.get(path)
        #expect(form.body.contains("id=\"event_at\"") && form.body.contains("enctype=\"multipart/form-data\""))
        let before = try service.records.page(LateSubmissionException.self, limit: 500).records.count
        // Good evidence but a missing description: no exception yet, the evidence kept in the form.
        let evidence = SampleFiles.pdf("Our outage log")
        let event = UKTime.wallClock(at: closes.addingTimeInterval(-1800))
        let when = [("event_at", String(event.date.day)), ("event_at-month", String(event.date.month)), ("event_at-year", String(event.date.year)),
                    ("event_at-hour", String(event.hour)), ("event_at-minute", String(event.minute))]
        let first = try client.upload(path, fields: [("reason_kind", "technical_failure_ao")] + when, files: [("evidence", "outage.pdf", evidence)])
        #expect(first.status == 422 && first.body.contains("href=\"#what_happened\"") && first.body.contains("outage.pdf"))
        #expect(first.body.contains("name=\"kept_evidence\" value=\"\(Digest.hex(Digest.sha256(evidence)))\""))
        #expect(try service.records.page(LateSubmissionException.self, limit: 500).records.count == before)
        // Sent again with the description and no new file: the kept evidence goes with it.
        let second = try client.upload(path, fields: [("reason_kind", "technical_failure_ao"), ("what_happened", "Our network failed at 16:30."),
                                                      ("kept_evidence", Digest.hex(Digest.sha256(evidence)))] + when, files: [])
        #expect(second.status == 303)
        let lodged = try #require(try service.records.page(LateSubmissionException.self, limit: 500).records.last)
        #expect(lodged.state == .requested && lodged.evidence.map(\.originalName) == ["outage.pdf"])
        #expect(try client.follow(second).body.contains("has been sent"))
        // Another AO cannot see it.
        #expect(try service.signedIn(OrganisationService.otherEditor).get("/organisation/exceptions/\(lodged.reference)").status == 404)

        // The Institute grants it until two hours after now; the submit then succeeds, marked late.
        let admin = try service.actor("admin@institute.example")
        try service.records.applyException(.grant(newDeadline: service.clock.now().addingTimeInterval(7200), reason: "Outage confirmed"),
                                           to: lodged.id, expectedVersion: lodged.version, by: admin, at: service.clock.now())
        let outcome = try client.get("/organisation/exceptions/\(lodged.reference)")
        #expect(outcome.body.contains("Granted") && outcome.body.contains("Outage confirmed") && outcome.body.contains("Check and submit"))
        let later = SubmissionJourney(service: service, client: client)
        #expect(try later.submit(reference).status == 303)
        let version = try #require(try service.records.record(Submission.self, reference: reference).latestVersion)
        #expect(version.lateExceptionID == lodged.id)
        // For that record only: the neighbour is still refused.
        let refused = try later.submit(neighbour)
        #expect(refused.status == 422 && refused.body.contains("closed at"))
        #expect(try service.records.record(Submission.self, reference: neighbour).state == .draft)
    }

    @Test func aClarificationRequestIsAnsweredWithADocument() throws {
        let service = try OrganisationService()
        let journey = SubmissionJourney(service: service, client: try service.signedIn())
        let (reference, sent, reviewer, now) = try journey.sentAndInReview()
        var submission = sent
        submission = try service.records.applySubmission(.requestClarification(question: "Which unit assesses S1?"), to: submission.id,
                                                         expectedVersion: submission.version, by: reviewer, at: now)
        let page = try journey.client.get("/organisation/submissions/\(reference)")
        #expect(page.body.contains("Which unit assesses S1?") && page.body.contains("Answer the clarification request"))
        let path = "/organisation/submissions/\(reference)/clarification"
        try journey.client.get(path)
        let empty = try journey.client.upload(path, fields: [("document_kind", "other")], files: [])
        #expect(empty.status == 422 && empty.body.contains("href=\"#answer\""))
        let refusedFile = try journey.client.upload(path, fields: [("answer", "Unit 2."), ("document_kind", "assessment_materials")],
                                                    files: [("documents", "unit2.pdf", SampleFiles.executable)])
        #expect(refusedFile.status == 422 && refusedFile.body.contains("Unit 2."))
        #expect(try service.records.record(Submission.self, reference: reference).state == .clarificationRequested)
        let answered = try journey.client.upload(path, fields: [("answer", "Unit 2, observed."), ("document_kind", "assessment_materials")],
                                                 files: [("documents", "unit2.pdf", SampleFiles.pdf("unit 2"))])
        #expect(answered.status == 303)
        let after = try service.records.record(Submission.self, reference: reference)
        #expect(after.state == .inReview && after.versions.count == 2 && after.clarificationRounds[0].answerVersionNumber == 2)
        #expect(try journey.client.follow(answered).body.contains("Unit 2, observed."))
        #expect(try service.signedIn(OrganisationService.otherEditor).get(path).status == 404)
    }
}
