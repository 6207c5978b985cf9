import Approvals
@testable import ApprovalsStore
import Foundation
import GRDB
import Testing

/// `submission_list_rows` (migration 0500) must hold, for every submission with a submitted
/// version, exactly what the general query reads from the submission, its latest version and its
/// decision: after the migrations' backfill of an existing database, and after every later submit,
/// amendment, change of state and decision (kept by its triggers).
@Suite struct SubmissionListingTests {
    /// The list's fields as the general path computes them, and the SQL types of the JSON ones.
    static let expected = """
        SELECT x.rowid AS position, x.id, x.reference, x.organisation_id, x.cycle_id, x.state, x.version, x.created_at,
          x.updated_at, x.changes_submission_id, v.number AS latest_version, v.title, v.submitted_at,
          json_extract(v.content, '$.category') AS category, json_extract(v.content, '$.level') AS level,
          json_extract(v.content, '$.route') AS route, typeof(json_extract(v.content, '$.level')) AS level_type,
          typeof(json_extract(v.content, '$.category')) AS category_type, d.outcome, d.decided_at
        FROM submissions x
        JOIN submission_versions v ON v.submission_id = x.id
          AND v.number = (SELECT max(number) FROM submission_versions WHERE submission_id = x.id)
        LEFT JOIN decisions d ON d.submission_id = x.id
        ORDER BY x.rowid
        """
    static let listed = """
        SELECT position, submission_id, reference, organisation_id, cycle_id, state, version, created_at, updated_at,
          changes_submission_id, latest_version, title, submitted_at, category, level, route, typeof(level) AS level_type,
          typeof(category) AS category_type, outcome, decided_at
        FROM submission_list_rows ORDER BY position
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
        // The fill reaches the states the update and decision triggers copy.
        let states = Set(expected.map { $0[5] })  // as `DatabaseValue` describes text: quoted
        let reached = ["submitted", "in_review", "approved", "not_approved", "withdrawn"].map { "\"\($0)\"" }
        #expect(states.isSuperset(of: reached))
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
        let amended = try Self.rows(database, "SELECT count(*) FROM submission_list_rows WHERE latest_version = 3")
        #expect(amended != [["0"]], "an amended submission's third version is listed")
        // Drafts have no version, so no listing row: the listing never shows one.
        let drafts = try Self.rows(database, """
            SELECT count(*) FROM submission_list_rows l JOIN submissions x ON x.id = l.submission_id WHERE x.state = 'draft'
            """)
        #expect(drafts == [["0"]])
    }

    /// Filled before 0400 (0400 then 0500 backfill) or before 0500 only (0500 copies 0400's listing).
    @Test(arguments: [400, 500])
    func theMigrationsBackfillADatabaseThatHadSubmissionsBeforeThem(filledBefore version: Int) throws {
        let folder = try TemporaryDataFolder()
        let known = try Fixtures.migrations()
        let before = known.filter { $0.version < version }
        #expect(known.contains { $0.version == 400 } && known.contains { $0.version == 500 })
        let earlier = try ApprovalsDatabase.open(dataDirectory: folder.url, migrations: before, options: Fixtures.options())
        try Self.fill(earlier)
        try earlier.close()
        let database = try ApprovalsDatabase.open(dataDirectory: folder.url, migrations: known, options: Fixtures.options())
        defer { try? database.close() }
        let applied = database.migrationsAppliedAtOpen.map(\.version)
        #expect(applied.contains(500) && applied.contains(400) == (version == 400))
        try Self.expectInStep(database)
    }
}
