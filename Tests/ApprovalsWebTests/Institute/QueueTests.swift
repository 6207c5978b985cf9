import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// The staff queues over real sockets: filters, search, sort, counts, overdue flags, CSV export, and
/// who sees what (AO users nothing, a conflicted reviewer never the AO's records).
@Suite struct QueueTests {
    @Test func theSubmissionQueueFiltersSearchesAndCounts() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let admin = try fixture.client(InstituteFixture.admin)
        let recommended = try fixture.submission(.recommended, of: try fixture.northbridge)
        let title = recommended.latestVersion!.content.title

        let all = try admin.get("/institute/submissions")
        #expect(all.status == 200)
        #expect(all.body.contains(recommended.reference.description))
        #expect(!all.body.contains(">Draft<"), "drafts never reach the Institute's queue")

        let filtered = try admin.get("/institute/submissions?state=recommended")
        #expect(filtered.body.contains(recommended.reference.description))
        #expect(!filtered.body.contains(try fixture.submission(.approved, of: try fixture.northbridge).reference.description))

        let searched = try admin.get("/institute/submissions?q=" + WebClient.encode(String(title.prefix(30)).lowercased()))
        #expect(searched.body.contains(recommended.reference.description))
        let byReference = try admin.get("/institute/submissions?q=\(recommended.reference.description.lowercased())")
        #expect(byReference.body.contains("Submissions shown: 1"))

        // Counts per state are of everything the viewer may see, whatever the filter.
        let approvedCount = try fixture.submissions { $0.state == .approved }.count
        #expect(filtered.body.contains("\(approvedCount)<span class=\"visually-hidden\"> Approved</span>"))

        let byOrganisation = try admin.get("/institute/submissions?organisation=\(try fixture.crescent.rawValue)")
        #expect(!byOrganisation.body.contains(recommended.reference.description))
        let byRoute = try admin.get("/institute/submissions?route=\(recommended.latestVersion!.content.route.rawValue)&category=occupational_entry&sort=deadline")
        #expect(byRoute.status == 200 && byRoute.body.contains(recommended.reference.description))
    }

    @Test func bulkAssignmentOffersOnlyReviewersFreeOfEveryListedOrganisation() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let admin = try fixture.client(InstituteFixture.admin)
        let rob = try fixture.userID(InstituteFixture.conflictedReviewer).rawValue
        // Rob declared a conflict with Crescent, whose records are in the full list.
        #expect(!(try admin.get("/institute/submissions").body.contains("<option value=\"\(rob)\">")))
        let northbridgeOnly = try admin.get("/institute/submissions?organisation=\(try fixture.northbridge.rawValue)")
        #expect(northbridgeOnly.body.contains("<option value=\"\(rob)\">"))
        // In bulk, several at once; one refused by the domain is named, the others are assigned.
        let crescentSubmitted = try #require(try fixture.submissions { $0.organisationID == (try? fixture.crescent) && $0.state == .inReview }.first)
        let northbridgeSubmitted = try fixture.submission(.submitted, of: try fixture.northbridge)
        let mixed = try admin.post("/institute/submissions/assign", [("record", northbridgeSubmitted.reference.description),
                                                                     ("record", crescentSubmitted.reference.description), ("reviewer", rob)])
        #expect(mixed.status == 422 && mixed.body.contains("1 of the selected records were assigned"))
        #expect(try fixture.records.record(Submission.self, id: northbridgeSubmitted.id.rawValue).assignedReviewerID?.rawValue == rob)
        #expect(try fixture.records.record(Submission.self, id: crescentSubmitted.id.rawValue).assignedReviewerID?.rawValue != rob)
    }

    @Test func longListsArePaged() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let admin = try fixture.client(InstituteFixture.admin)
        let northbridge = try fixture.northbridge
        let editor = Actor(id: try fixture.userID(InstituteFixture.aoEditor), organisationID: northbridge, roles: [.aoEditor])
        // The demo's open cycle takes submissions now: submit sixty more.
        let open = try fixture.records.cycle(code: DemoData.currentCycleCode)
        let template = try #require(try fixture.submissions { $0.cycleID == open.id && $0.state == .submitted }.first)
        for _ in 0..<60 {
            let draft = try fixture.records.createSubmission(cycleID: open.id, organisationID: northbridge,
                                                             content: template.latestVersion!.content, by: editor, at: fixture.service.clock.now())
            try fixture.records.applySubmission(.submit, to: draft.id, expectedVersion: draft.version, by: editor, at: fixture.service.clock.now())
        }
        let visible = try fixture.submissions { $0.state != .draft }.count
        let pages = (visible + 49) / 50
        let first = try admin.get("/institute/submissions")
        #expect(first.body.contains("Submissions shown: \(visible)") && first.body.contains("Page 1 of \(pages)"))
        #expect(first.body.components(separatedBy: "name=\"record\"").count - 1 == 50)
        let last = try admin.get("/institute/submissions?page=\(pages)")
        #expect(last.body.contains("Page \(pages) of \(pages)") && last.body.contains("rel=\"prev\"") && !last.body.contains("rel=\"next\""))
        #expect(last.body.components(separatedBy: "name=\"record\"").count - 1 == visible - 50 * (pages - 1))
        // The filter travels with the page links.
        #expect(try admin.get("/institute/submissions?state=submitted").body.contains("state=submitted&amp;sort=reference&amp;page=2"))
    }

    @Test func overdueProposalFeedbackIsFlagged() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let reviewer = try fixture.client(InstituteFixture.reviewer)
        // The demo's level 2 cycle 2 feedback was due at the end of May 2024; its proposal still in review is overdue.
        let inReview = try fixture.proposal(.inReview, of: try fixture.crescent)
        let page = try reviewer.get("/institute/proposals?state=in_review&sort=deadline")
        #expect(page.body.contains(inReview.reference.description))
        #expect(page.body.contains("Overdue"))
        let closed = try reviewer.get("/institute/proposals?state=closed")
        #expect(!closed.body.contains("tag--red\">Overdue"))
    }

    @Test func theCSVExportStreamsTheFilteredList() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let admin = try fixture.client(InstituteFixture.admin)
        let response = try admin.get("/institute/export/submissions?state=recommended")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(response.header("Transfer-Encoding") == "chunked")
        let csv = Dechunked.body(response.body)
        let lines = csv.split(separator: "\r\n").map(String.init)
        #expect(lines.first == QueueRow.csvHeader.joined(separator: ","))
        let recommended = try fixture.submissions { $0.state == .recommended }
        #expect(lines.count == recommended.count + 1)
        #expect(recommended.allSatisfy { csv.contains($0.reference.description) })
        #expect(CSVLine.make(["=1+1", "a,b", "say \"hi\""]) == "'=1+1,\"a,b\",\"say \"\"hi\"\"\"\r\n")
    }

    @Test func aConflictedReviewerNeverSeesTheRecordsOfThatOrganisation() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let crescentSubmission = try #require(try fixture.submissions { $0.organisationID == (try? fixture.crescent) && !$0.versions.isEmpty }.first)
        let conflicted = try fixture.client(InstituteFixture.conflictedReviewer)
        let queue = try conflicted.get("/institute/submissions")
        #expect(queue.status == 200 && !queue.body.contains(crescentSubmission.reference.description))
        #expect(!Dechunked.body(try conflicted.get("/institute/export/submissions").body).contains(crescentSubmission.reference.description))
        let before = try fixture.auditCount
        #expect(try conflicted.get("/institute/submissions/\(crescentSubmission.reference)").status == 404)
        #expect(try fixture.service.auditActions.dropFirst(before).contains { $0.entry.action == "access_refused" && $0.entry.recordID == crescentSubmission.id.rawValue })
        // The other reviewer sees it.
        #expect(try fixture.client(InstituteFixture.reviewer).get("/institute/submissions/\(crescentSubmission.reference)").status == 200)
    }

    @Test func awardingOrganisationsSeeNoneOfIt() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let own = try #require(try fixture.submissions { $0.organisationID == (try? fixture.northbridge) && !$0.versions.isEmpty }.first)
        for email in [InstituteFixture.aoEditor, InstituteFixture.aoAdmin] {
            let ao = try fixture.client(email)
            #expect(try ao.get("/institute").status == 403)
            #expect(try ao.get("/institute/submissions").status == 404)
            #expect(try ao.get("/institute/export/proposals").status == 404)
            // Not even their own record: the Institute's working papers are not theirs to read.
            #expect(try ao.get("/institute/submissions/\(own.reference)").status == 404)
            #expect(try ao.get("/institute/exceptions").status == 403)
        }
    }
}

/// Undoes HTTP/1.1 chunked framing, for the tests' small client which does not.
enum Dechunked {
    static func body(_ raw: String) -> String {
        var bytes = Array(raw.utf8)[...]
        var out: [UInt8] = []
        while let lineEnd = bytes.indices.first(where: { bytes[$0] == 13 && $0 + 1 < bytes.endIndex && bytes[$0 + 1] == 10 }) {
            guard let size = Int(String(decoding: bytes[bytes.startIndex..<lineEnd], as: UTF8.self), radix: 16) else { return raw }
            if size == 0 { break }
            let start = lineEnd + 2
            out += bytes[start..<start + size]
            bytes = bytes[(start + size + 2)...]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
