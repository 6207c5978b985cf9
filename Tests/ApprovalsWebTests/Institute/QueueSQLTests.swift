import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// The queues answered by SQL give what the pages gave when they decoded every record and filtered,
/// sorted and counted in Swift (`QueueModel`), on the same data: every filter, the search, both
/// orders, the counts, the overdue flags, the pages and the CSV.
@Suite struct QueueSQLTests {
    /// More submissions in the open cycle: one with an accented title, some in review with a
    /// clarification due in the past (overdue), some due later, two due at the same instant (ordered by
    /// reference), some assigned without review; `count` of them in all.
    static func populate(_ fixture: InstituteFixture, count: Int = 24) throws {
        let records = fixture.records
        let now = fixture.service.clock.now()
        let northbridge = try fixture.northbridge
        let editor = Actor(id: try fixture.userID(InstituteFixture.aoEditor), organisationID: northbridge, roles: [.aoEditor])
        let admin = Actor(id: try fixture.userID(InstituteFixture.admin), roles: [.admin])
        let reviewer = Actor(id: try fixture.userID(InstituteFixture.reviewer), roles: [.reviewer])
        let open = try records.cycle(code: DemoData.currentCycleCode)
        let template = try #require(try fixture.submissions { $0.cycleID == open.id && $0.state == .submitted }.first).latestVersion!.content
        for index in 0..<count {
            var content = template
            if index == 5 { content.title = content.title.replacingOccurrences(of: " in ", with: " in Öko Design ") }
            let draft = try records.createSubmission(cycleID: open.id, organisationID: northbridge, content: content, by: editor, at: now)
            var submission = try records.applySubmission(.submit, to: draft.id, expectedVersion: draft.version, by: editor, at: now)
            guard index % 3 != 2 else { continue }
            submission = try records.applySubmission(.assignReviewer(reviewer.id), to: submission.id, expectedVersion: submission.version,
                                                     by: admin, at: now)
            guard index % 3 == 0 else { continue }
            submission = try records.applySubmission(.startReview, to: submission.id, expectedVersion: submission.version, by: reviewer, at: now)
            // Past (overdue) and future due dates, two of each the same.
            let days: Double = [-3, 4, -3, 4, -1, 9, 2, 2][(index / 3) % 8]
            try records.requestClarification(on: submission.id, question: "Which unit assesses S2?", dueAt: now.addingTimeInterval(days * 86_400),
                                             expectedVersion: submission.version, by: reviewer, at: now)
        }
    }

    /// The CSV's references, deadlines and overdue flags for `query` against what the old code showed.
    static func expectCSVMatchesModel(_ client: WebClient, _ kind: InstituteQueueKind, _ query: [(String, String)], model: QueueModel,
                                      viewer: String, now: Date, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let encoded = query.map { "\($0.0)=\(WebClient.encode($0.1))" }.joined(separator: "&")
        let response = try client.get("/institute/export/\(kind.rawValue)?\(encoded)")
        #expect(response.status == 200, sourceLocation: sourceLocation)
        let lines = CSVRows.parse(Dechunked.body(response.body))
        let expected = model.shown(Dictionary(query) { _, last in last }, viewer: viewer)
        let times = ISO8601DateFormatter()
        #expect(lines.first == QueueRow.csvHeader, sourceLocation: sourceLocation)
        #expect(lines.dropFirst().map { $0[0] } == expected.map(\.reference), "order and rows for \(encoded)", sourceLocation: sourceLocation)
        #expect(lines.dropFirst().map { $0[8] } == expected.map { $0.deadline.map(times.string) ?? "" }, sourceLocation: sourceLocation)
        #expect(lines.dropFirst().map { $0[9] } == expected.map { $0.deadline.map { now >= $0 } == true ? "yes" : "no" },
                "overdue flags for \(encoded)", sourceLocation: sourceLocation)
        // The page shows the same count and, on its first page, the same first rows.
        let page = try client.get("/institute/\(kind.rawValue)?\(encoded)")
        #expect(page.body.contains("\(kind == .proposals ? "Proposals" : "Submissions") shown: \(expected.count)"), sourceLocation: sourceLocation)
        let firstRows = expected.prefix(QueueRoutes.pageSize).map { "/institute/\(kind.rawValue)/\($0.reference)\"" }
        let positions = firstRows.map { page.body.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil } && positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(),
                "the first page lists the first rows in order for \(encoded)", sourceLocation: sourceLocation)
    }

    @Test func filtersSearchAndOrderMatchTheOldInMemoryQueues() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        try Self.populate(fixture)
        let now = fixture.service.clock.now()
        let admin = try fixture.client(InstituteFixture.admin)
        let adminID = try fixture.userID(InstituteFixture.admin).rawValue
        let submissions = try QueueModel(.submissions, fixture.records, hidden: [])
        #expect(submissions.rows.contains { $0.deadline != nil && $0.deadline! <= now } && submissions.rows.contains { $0.deadline.map { $0 > now } == true },
                "the data has overdue and future deadlines")
        let open = try fixture.records.cycle(code: DemoData.currentCycleCode).id.rawValue
        let sample = try #require(submissions.rows.last)
        let queries: [[(String, String)]] = [
            [], [("sort", "deadline")], [("q", "öko")], [("q", "ÖKO design")], [("q", "sub-")], [("q", "certificate"), ("sort", "deadline")],
            [("state", "in_review"), ("sort", "deadline")], [("state", "clarification_requested"), ("sort", "deadline")],
            [("cycle", open), ("state", "submitted")], [("route", sample.route), ("category", sample.category), ("organisation", sample.organisationID),
                                                      ("q", "level"), ("sort", "deadline")],
            [("organisation", try fixture.crescent.rawValue)], [("state", "draft")], [("q", "nothing matches this")],
            [("assigned", "me"), ("sort", "deadline")], [("assigned", "someone"), ("sort", "reference")],
        ]
        for query in queries {
            try Self.expectCSVMatchesModel(admin, .submissions, query, model: submissions, viewer: adminID, now: now)
        }
        // A reviewer with their own assignments, and one kept from Crescent by a declared conflict.
        let reviewer = try fixture.client(InstituteFixture.reviewer)
        let reviewerID = try fixture.userID(InstituteFixture.reviewer).rawValue
        for query in [[("assigned", "me"), ("sort", "deadline")], [("assigned", "me"), ("state", "in_review")], [("sort", "deadline")]] {
            try Self.expectCSVMatchesModel(reviewer, .submissions, query, model: submissions, viewer: reviewerID, now: now)
        }
        let conflicted = try fixture.client(InstituteFixture.conflictedReviewer)
        let conflictedID = try fixture.userID(InstituteFixture.conflictedReviewer).rawValue
        let withoutCrescent = try QueueModel(.submissions, fixture.records, hidden: [try fixture.crescent.rawValue])
        #expect(withoutCrescent.rows.count < submissions.rows.count)
        for query in [[], [("sort", "deadline")], [("q", "level")], [("organisation", try fixture.crescent.rawValue)]] {
            try Self.expectCSVMatchesModel(conflicted, .submissions, query, model: withoutCrescent, viewer: conflictedID, now: now)
        }
        // Proposals: feedback due by the cycle while submitted or in review.
        let proposals = try QueueModel(.proposals, fixture.records, hidden: [])
        for query in [[], [("sort", "deadline")], [("state", "in_review"), ("sort", "deadline")], [("q", "level 3")], [("assigned", "me")]] {
            try Self.expectCSVMatchesModel(admin, .proposals, query, model: proposals, viewer: adminID, now: now)
            try Self.expectCSVMatchesModel(reviewer, .proposals, query, model: proposals, viewer: reviewerID, now: now)
        }
    }

    @Test func countsPerStateAndOnTheHomePageMatchTheRecords() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        try Self.populate(fixture)
        let admin = try fixture.client(InstituteFixture.admin)
        for kind in InstituteQueueKind.allCases {
            let model = try QueueModel(kind, fixture.records, hidden: [])
            // Whatever the filter, the table counts everything the viewer may see.
            let page = try admin.get("/institute/\(kind.rawValue)?state=submitted&q=level")
            for state in kind.submittedStates {
                #expect(page.body.contains("\(model.stateCounts[state] ?? 0)<span class=\"visually-hidden\"> \(StaffText.state(state))</span>"),
                        "\(kind) \(state)")
            }
        }
        let submissions = try QueueModel(.submissions, fixture.records, hidden: [])
        let proposals = try QueueModel(.proposals, fixture.records, hidden: [])
        let exceptions = try fixture.records.page(LateSubmissionException.self, limit: 500).records.filter { $0.state == .requested }.count
        let home = try admin.get("/institute")
        #expect(home.body.contains("\(proposals.rows.filter { $0.state == "submitted" && $0.assignedReviewerID == nil }.count) proposals with no reviewer"))
        #expect(home.body.contains("\(submissions.rows.filter { $0.state == "submitted" && $0.assignedReviewerID == nil }.count) submissions with no reviewer"))
        #expect(home.body.contains("\(exceptions) late-submission exceptions to decide"))
        #expect(home.body.contains("\(submissions.rows.filter { $0.state == "recommended" }.count) recommended submissions waiting"))
        let reviewerID = try fixture.userID(InstituteFixture.reviewer).rawValue
        let mine = submissions.rows.filter { $0.assignedReviewerID == reviewerID && ["submitted", "in_review", "clarification_requested"].contains($0.state) }
        #expect(mine.count > 8, "the populated submissions are assigned to the reviewer")
        let reviewerHome = try fixture.client(InstituteFixture.reviewer).get("/institute")
        #expect(reviewerHome.body.contains("\(mine.count) submissions assigned to you in review"))
        let waiting = proposals.rows.filter { $0.assignedReviewerID == reviewerID && ["submitted", "in_review"].contains($0.state) }.count
        #expect(reviewerHome.body.contains("\(waiting) proposals assigned to you waiting for feedback"))
        // A conflicted reviewer's counts leave out the AO they are kept from.
        let conflictedID = try fixture.userID(InstituteFixture.conflictedReviewer)
        let crescent = try fixture.crescent.rawValue
        let all = try fixture.records.instituteHomeCounts(viewer: conflictedID, hiddenOrganisations: [])
        let kept = try fixture.records.instituteHomeCounts(viewer: conflictedID, hiddenOrganisations: [crescent])
        let crescentRecommended = submissions.rows.filter { $0.organisationID == crescent && $0.state == "recommended" }.count
        #expect(kept.submissionsRecommended == all.submissionsRecommended - crescentRecommended)
        // The names staff pages show come from two queries that read what one query per person read.
        #expect(try fixture.records.instituteDirectoryUsers() == fixture.records.users())
    }

    @Test func pagesKeepTheirBoundsAndFilters() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        try Self.populate(fixture, count: 120)
        let admin = try fixture.client(InstituteFixture.admin)
        let visible = try QueueModel(.submissions, fixture.records, hidden: []).shown(["sort": "deadline", "q": "level"], viewer: "")
        let pages = (visible.count + 49) / 50
        #expect(pages >= 3)
        let base = "/institute/submissions?q=level&sort=deadline"
        let first = try admin.get(base)
        #expect(first.body.contains("Page 1 of \(pages)") && !first.body.contains("rel=\"prev\"") && first.body.contains("rel=\"next\""))
        #expect(first.body.contains("aria-label=\"Page 1\" aria-current=\"page\""))
        // Every link keeps the search and the order; the last page is always offered.
        #expect(first.body.contains("href=\"/institute/submissions?q=level&amp;sort=deadline&amp;page=2\" rel=\"next\""))
        #expect(first.body.contains("href=\"/institute/submissions?q=level&amp;sort=deadline&amp;page=\(pages)\" aria-label=\"Page \(pages)\""))
        let last = try admin.get(base + "&page=\(pages)")
        #expect(last.body.contains("Page \(pages) of \(pages)") && last.body.contains("rel=\"prev\"") && !last.body.contains("rel=\"next\""))
        #expect(last.body.components(separatedBy: "name=\"record\"").count - 1 == visible.count - 50 * (pages - 1))
        // Beyond the end: the last page. Nonsense or below 1: the first.
        #expect(try admin.get(base + "&page=\(pages + 7)").body.contains("Page \(pages) of \(pages)"))
        for nonsense in ["0", "-3", "abc", "99999999999999999999"] {
            let page = try admin.get(base + "&page=\(nonsense)")
            #expect(page.status == 200 && page.body.contains("Page 1 of \(pages)"), "page=\(nonsense)")
        }
        // The pages together are the whole list in order, each row once.
        var listed: [String] = []
        for number in 1...pages {
            let body = try admin.get(base + "&page=\(number)").body
            listed += body.components(separatedBy: "<td><a href=\"/institute/submissions/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        }
        #expect(listed == visible.map(\.reference))
        // A list that fits on one page has no pagination; one that matches nothing says so.
        let none = try admin.get("/institute/submissions?q=nothing-matches")
        #expect(none.body.contains("Submissions shown: 0") && !none.body.contains("Pagination"))
    }

    @Test func theCSVIsEveryMatchingRowAcrossChunks() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        try Self.populate(fixture, count: 230)
        let admin = try fixture.client(InstituteFixture.admin)
        let adminID = try fixture.userID(InstituteFixture.admin).rawValue
        let model = try QueueModel(.submissions, fixture.records, hidden: [])
        #expect(model.rows.count > 200, "more rows than one chunk of the export")
        let now = fixture.service.clock.now()
        try Self.expectCSVMatchesModel(admin, .submissions, [], model: model, viewer: adminID, now: now)
        try Self.expectCSVMatchesModel(admin, .submissions, [("sort", "deadline")], model: model, viewer: adminID, now: now)
        // In the store, small chunks continue exactly where the last one stopped, in both orders.
        for order in [InstituteQueueQuery.Order.created, .deadline] {
            var query = InstituteQueueQuery()
            query.order = order
            var cursor: InstituteQueueCursor?, chunked: [String] = []
            repeat {
                let chunk = try fixture.records.instituteQueueChunk(.submissions, query, after: cursor, limit: 7)
                chunked += chunk.entries.map(\.reference)
                cursor = chunk.next
            } while cursor != nil
            let paged = try fixture.records.instituteQueuePage(.submissions, query, pageNumber: 1, pageSize: 500).entries.map(\.reference)
            #expect(chunked == paged)
            #expect(chunked == model.shown(order == .deadline ? ["sort": "deadline"] : [:], viewer: "").map(\.reference))
        }
    }
}
