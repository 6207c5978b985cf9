import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import GRDB
import Testing

/// The audit trail paged by sequence number, newest first, with its filters and a conflicted
/// reviewer's hidden events applied in SQL; the hash chain verified incrementally.
@Suite struct AuditTrailPagingTests {
    /// The sequence numbers a page lists, in order.
    static func sequences(_ body: String) -> [Int64] {
        body.components(separatedBy: "<tr><td>").dropFirst().compactMap { Int64($0.prefix { $0.isNumber }) }
    }

    static func link(_ body: String, rel: String) -> String? {
        guard let end = body.range(of: "\" rel=\"\(rel)\"") else { return nil }
        let before = body[..<end.lowerBound]
        guard let start = before.range(of: "href=\"", options: .backwards) else { return nil }
        return String(before[start.upperBound...]).replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Follows Next from `start` to the end, checking each page, then Previous from the last page.
    static func walk(_ client: WebClient, from start: String, pageSize: Int = AuditRoutes.pageSize) throws -> [Int64] {
        var pages: [(path: String, shown: [Int64])] = [], target: String? = start
        while let path = target {
            let body = try client.get(path).body
            let shown = sequences(body)
            #expect(shown == shown.sorted(by: >) && shown.count <= pageSize)
            pages.append((path, shown))
            target = link(body, rel: "next")
            if target != nil { #expect(shown.count == pageSize, "only the last page is short") }
        }
        // Previous from the last page gives the page before it, exactly.
        if pages.count > 1 {
            let back = try #require(link(try client.get(pages[pages.count - 1].path).body, rel: "prev"))
            #expect(sequences(try client.get(back).body) == pages[pages.count - 2].shown)
        }
        return pages.flatMap(\.shown)
    }

    @Test func pagesBySequenceNewestFirstWithFilters() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        try QueueSQLTests.populate(fixture, count: 45)
        let admin = try fixture.client(InstituteFixture.admin)
        let all = try fixture.service.auditActions
        #expect(all.count > 3 * AuditRoutes.pageSize)
        let first = try admin.get("/institute/audit")
        #expect(first.body.contains("Hash chain intact") && Self.link(first.body, rel: "prev") == nil)
        // The whole trail, page after page, newest first, each event once (browsing adds
        // access events of its own, so compare with what existed before it began).
        let listed = try Self.walk(admin, from: "/institute/audit?before=\(all.last!.sequence + 1)")
        #expect(listed == all.map(\.sequence).reversed())
        // Filters travel in the links and hold on every page.
        let submits = all.filter { $0.entry.action == "submit" }.map(\.sequence)
        #expect(submits.count > AuditRoutes.pageSize)
        let filtered = try Self.walk(admin, from: "/institute/audit?action=submit")
        #expect(filtered == submits.reversed())
        let page2 = try #require(Self.link(try admin.get("/institute/audit?action=submit").body, rel: "next"))
        #expect(page2.hasPrefix("/institute/audit?action=submit&before="))
        // One person's actions; one record's history by reference.
        let reviewerID = try fixture.userID(InstituteFixture.reviewer).rawValue
        let byReviewer = try Self.walk(admin, from: "/institute/audit?actor=\(reviewerID)&before=\(all.last!.sequence + 1)")
        #expect(byReviewer == all.filter { $0.entry.actorUserID == reviewerID }.map(\.sequence).reversed())
        let record = try fixture.submission(.approved, of: try fixture.northbridge)
        let history = try Self.walk(admin, from: "/institute/audit?record=\(record.reference.description.lowercased())&before=\(all.last!.sequence + 1)")
        #expect(history == all.filter { $0.entry.recordID == record.id.rawValue }.map(\.sequence).reversed())
        // Nothing matches: no rows, no links.
        let none = try admin.get("/institute/audit?record=SUB-NONE-9999")
        #expect(Self.sequences(none.body).isEmpty && none.body.contains("No events match") && !none.body.contains("Pagination"))
    }

    @Test func aConflictedReviewerNeverSeesTheOrganisationsEventsOnAnyPage() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let crescent = try fixture.crescent
        let all = try fixture.service.auditActions
        let records = fixture.records
        var crescentRecords = Set(try records.page(Submission.self, limit: 500).records.filter { $0.organisationID == crescent }.map(\.id.rawValue))
        crescentRecords.formUnion(try records.page(Proposal.self, limit: 500).records.filter { $0.organisationID == crescent }.map(\.id.rawValue))
        crescentRecords.formUnion(try records.page(Review.self, limit: 500).records.filter { $0.organisationID == crescent }.map(\.id.rawValue))
        crescentRecords.formUnion(try records.page(LateSubmissionException.self, limit: 500).records.filter { $0.organisationID == crescent }.map(\.id.rawValue))
        crescentRecords.formUnion(try records.page(RegistrationOfIntent.self, limit: 500).records.filter { $0.organisationID == crescent }.map(\.id.rawValue))
        let hidden = Set(all.filter { $0.entry.actorOrganisationID == crescent.rawValue || crescentRecords.contains($0.entry.recordID) }.map(\.sequence))
        #expect(!hidden.isEmpty)
        let conflicted = try fixture.client(InstituteFixture.conflictedReviewer)
        let listed = try Self.walk(conflicted, from: "/institute/audit?before=\(all.last!.sequence + 1)")
        #expect(hidden.isDisjoint(with: listed))
        #expect(listed == all.map(\.sequence).filter { !hidden.contains($0) }.reversed())
    }

    @Test func theChainIsVerifiedFromTheLastHeadAndABreakIsSeen() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let database = fixture.records.database
        let watch = InstituteAuditChainWatch()
        let whole = try database.verifyAudit()
        #expect(try watch.verification(of: database) == whole)
        // New events are verified on from the remembered head, and the count follows them.
        try QueueSQLTests.populate(fixture, count: 3)
        let grown = try database.verifyAudit()
        guard case .intact(let count, _) = grown, case .intact(let before, _) = whole else { Issue.record("chain broken"); return }
        #expect(count > before)
        #expect(try watch.verification(of: database) == grown)
        // Someone with the file rewrites the remembered head: the next visit says where it broke.
        try database.pool.write { db in
            try db.execute(sql: "DROP TRIGGER audit_events_refuse_update")
            try db.execute(sql: "UPDATE audit_events SET reason = 'rewritten' WHERE sequence = ?", arguments: [count])
        }
        let seen = try watch.verification(of: database)
        #expect(!seen.holds && seen == .broken(sequence: count,
                                               reason: "its content does not match the hash verified before (it was changed after it was written)."))
        // And the page shows it.
        let page = try fixture.client(InstituteFixture.admin).get("/institute/audit")
        #expect(page.body.contains("Hash chain broken"))
    }
}
