import Approvals
@testable import ApprovalsStore
import Foundation
import GRDB
import Testing

/// `submission_listing` (migration 0400) must hold, for every submission with a submitted version,
/// exactly what the general query reads from its latest version: after the migration's backfill of
/// an existing database, and after every later submit and amendment (kept by its trigger).
@Suite struct SubmissionListingTests {
    /// The latest version's listing fields as the general path computes them, and their SQL types.
    static let expected = """
        SELECT v.submission_id, v.number AS latest_version, v.title, v.submitted_at,
          json_extract(v.content, '$.category') AS category, json_extract(v.content, '$.level') AS level,
          json_extract(v.content, '$.route') AS route, typeof(json_extract(v.content, '$.level')) AS level_type,
          typeof(json_extract(v.content, '$.category')) AS category_type
        FROM submission_versions v
        WHERE v.number = (SELECT max(number) FROM submission_versions WHERE submission_id = v.submission_id)
        ORDER BY v.submission_id
        """
    static let listed = """
        SELECT submission_id, latest_version, title, submitted_at, category, level, route, typeof(level) AS level_type,
          typeof(category) AS category_type
        FROM submission_listing ORDER BY submission_id
        """

    static func rows(_ database: ApprovalsDatabase, _ sql: String) throws -> [[String]] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map { "\($0)" } }
        }
    }

    static func expectInStep(_ database: ApprovalsDatabase) throws {
        let expected = try rows(database, Self.expected)
        #expect(!expected.isEmpty)
        #expect(try rows(database, Self.listed) == expected)
    }

    /// Demo data, some bulk submissions, and one of them amended twice then withdrawn.
    static func fill(_ database: ApprovalsDatabase) throws {
        let store = RecordStore(database: database)
        let now = Date()
        _ = try DemoData.load(into: store, now: now)
        try BulkData.load(4, into: store, now: now)
        let editor = try #require(try store.user(email: "editor@northbridge.example")).actor
        var submission = try #require(try store.page(Submission.self, limit: 500).records.first { $0.draft.title.contains("Digital Support 2") })
        for round in 1...2 {
            var content = try #require(submission.latestVersion?.content)
            content.title = content.title.replacingOccurrences(of: "Digital Support", with: "Digital Support amended \(round)")
            submission = try store.applySubmission(.amend(content), to: submission.id, expectedVersion: submission.version, by: editor, at: now)
        }
        _ = try store.applySubmission(.withdraw(reason: "Replaced"), to: submission.id, expectedVersion: submission.version, by: editor, at: now)
    }

    @Test func everySubmitAndAmendmentKeepsTheListingInStep() throws {
        let folder = try TemporaryDataFolder()
        let database = try ApprovalsDatabase.open(dataDirectory: folder.url, migrationsDirectory: Fixtures.migrationsDirectory)
        defer { try? database.close() }
        try Self.fill(database)
        try Self.expectInStep(database)
        let amended = try Self.rows(database, "SELECT count(*) FROM submission_listing WHERE latest_version = 3")
        #expect(amended != [["0"]], "an amended submission's third version is listed")
        // Drafts have no version, so no listing row: the listing never shows one.
        let drafts = try Self.rows(database, """
            SELECT count(*) FROM submission_listing l JOIN submissions x ON x.id = l.submission_id WHERE x.state = 'draft'
            """)
        #expect(drafts == [["0"]])
    }

    @Test func theMigrationBackfillsADatabaseThatHadSubmissionsBeforeIt() throws {
        let folder = try TemporaryDataFolder()
        let known = try Fixtures.migrations()
        let before = known.filter { $0.version < 400 }
        #expect(known.contains { $0.version == 400 })
        let earlier = try ApprovalsDatabase.open(dataDirectory: folder.url, migrations: before, options: Fixtures.options())
        try Self.fill(earlier)
        try earlier.close()
        let database = try ApprovalsDatabase.open(dataDirectory: folder.url, migrations: known, options: Fixtures.options())
        defer { try? database.close() }
        #expect(database.migrationsAppliedAtOpen.map(\.version).contains(400))
        try Self.expectInStep(database)
    }
}
