import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Submissions through the pages: the task list, the rule checks before the submit, the
/// confirmation and receipt, amendments as new versions, withdrawal, and the refusals.
@Suite(.serialized) struct SubmissionPageTests {
    @Test func aQualificationIsBuiltCheckedSubmittedAndAmended() throws {
        let service = try OrganisationService()
        let journey = SubmissionJourney(service: service, client: try service.signedIn())
        let reference = try journey.start()
        try journey.fillSections(reference)
        try journey.upload(reference, [.specification, .assessmentMaterials])
        // Before the submit, the domain's checks name what is missing.
        let check = try journey.client.get("/organisation/submissions/\(reference)/check")
        #expect(check.body.contains("There is a problem") && check.body.contains("href=\"#documents\""))
        #expect(check.body.contains("mapping template") && check.body.contains("Practical task, observed"))
        let early = try journey.client.post("/organisation/submissions/\(reference)/submit", [])
        #expect(early.status == 422 && early.body.contains("The submission is missing"))
        try journey.upload(reference, [.mappingTemplate, .structureDocument, .letterOfSupport])
        let submitted = try journey.submit(reference)
        #expect(submitted.status == 303 && submitted.location == "/organisation/submissions/\(reference)/confirmation")
        let confirmation = try journey.client.follow(submitted)
        let stored = try service.records.record(Submission.self, reference: reference)
        let version = try #require(stored.latestVersion)
        let receipt = SubmissionReceipt(reference: stored.reference, version: version)
        #expect(confirmation.body.contains("Qualification submitted") && confirmation.body.contains(reference))
        #expect(confirmation.body.contains(receipt.sha256) && confirmation.body.contains("What happens next"))
        // The receipt's digest is of exactly the canonical JSON it prints.
        let text = try journey.client.get("/organisation/submissions/\(reference)/versions/1/receipt.txt")
        #expect(text.status == 200 && text.body.contains(receipt.sha256) && text.body.contains(receipt.canonicalJSON))
        #expect(Digest.hex(Digest.sha256(Array(receipt.canonicalJSON.utf8))) == receipt.sha256)

        // Amend while the window is open: version 2, version 1 still readable.
        let base = "/organisation/submissions/\(reference)"
        let page = try journey.client.get(base + "/demand")
        #expect(page.body.contains("Saving this page sends version 2"))
        let amended = try journey.client.post(base + "/demand", [("employer_demand_evidence", "Now fifteen employers, with three more letters.")])
        #expect(amended.status == 303 && amended.location == base + "?amended=2")
        let versions = try service.records.record(Submission.self, reference: reference).versions
        #expect(versions.count == 2 && versions[0].content.employerDemandEvidence.hasPrefix("Twelve"))
        #expect(try journey.client.get(base + "/versions/1").body.contains("Twelve employers"))
        #expect(try journey.client.get(base + "/versions/2").body.contains("fifteen employers"))

        // Withdraw before a decision.
        try journey.client.get(base + "/withdraw")
        #expect(try journey.client.post(base + "/withdraw", [("reason", "Replaced by a new design")]).status == 303)
        #expect(try service.records.record(Submission.self, reference: reference).state == .withdrawn)
    }

    @Test func sectionMistakesAreListedAndWhatWasTypedIsKept() throws {
        let service = try OrganisationService()
        let journey = SubmissionJourney(service: service, client: try service.signedIn())
        let reference = try journey.start()
        let path = "/organisation/submissions/\(reference)/details"
        try journey.client.get(path)
        let refused = try journey.client.post(path, [("title", "My <qualification>"), ("level", "3"), ("guided_learning_hours", "lots"),
                                                     ("total_qualification_time", "480"), ("route", "digital"), ("sector_subject_area", "six")])
        #expect(refused.status == 422 && refused.body.contains("There is a problem"))
        for field in ["age_groups", "guided_learning_hours", "sector_subject_area"] { #expect(refused.body.contains("href=\"#\(field)\"")) }
        #expect(refused.body.contains("value=\"lots\"") && refused.body.contains("value=\"My &lt;qualification&gt;\"") && refused.body.contains("value=\"six\""))
        let mapping = "/organisation/submissions/\(reference)/standards"
        try journey.client.get(mapping)
        let badMapping = try journey.client.post(mapping, [("standards", "ST0973"), ("ksb_mapping", "K1 covered somewhere")])
        #expect(badMapping.status == 422 && badMapping.body.contains("mapping template&#39;s shape") || badMapping.body.contains("mapping template's shape"))
        #expect(badMapping.body.contains("K1 covered somewhere"))
        // Nothing half-saved.
        #expect(try service.records.record(Submission.self, reference: reference).draft.ksbMapping.isEmpty)
    }

    @Test func csrfAnotherOrganisationAndAClosedWindowAreRefused() throws {
        let service = try OrganisationService()
        let journey = SubmissionJourney(service: service, client: try service.signedIn())
        let reference = try journey.start()
        try journey.fillSections(reference)
        try journey.upload(reference, DocumentKind.allCases.filter { $0 != .other })
        try journey.client.get("/organisation/submissions/\(reference)/check")
        let forged = try journey.client.post("/organisation/submissions/\(reference)/submit", [], csrf: .value("forged"))
        #expect(forged.status == 403 && forged.body.contains("did not come from this service"))
        #expect(try service.records.record(Submission.self, reference: reference).state == .draft)

        let other = try service.signedIn(OrganisationService.otherEditor)
        for path in ["", "/details", "/documents", "/check", "/versions/1", "/withdraw"] {
            #expect(try other.get("/organisation/submissions/\(reference)\(path)").status == 404)
        }
        try other.get("/organisation")
        #expect(try other.post("/organisation/submissions/\(reference)/details", [("title", "Taken over")]).status == 404)

        // The window closes while the draft is open: the draft is kept, the submit refused with the
        // domain's message, and the exception route offered.
        let closes = try #require(try service.currentCycle.windows.submission?.closes)
        service.moveClock(to: closes.addingTimeInterval(60))
        let later = SubmissionJourney(service: service, client: try service.signedIn())
        let saved = try later.client.get("/organisation/submissions/\(reference)/demand")
        #expect(saved.status == 200)
        #expect(try later.client.post("/organisation/submissions/\(reference)/demand", [("employer_demand_evidence", "Edited after the close")]).status == 303)
        #expect(try service.records.record(Submission.self, reference: reference).draft.employerDemandEvidence == "Edited after the close")
        let refused = try later.submit(reference)
        #expect(refused.status == 422 && refused.body.contains("closed at") && refused.body.contains("/organisation/submissions/\(reference)/exception"))
        #expect(try service.records.record(Submission.self, reference: reference).state == .draft)
    }
}
