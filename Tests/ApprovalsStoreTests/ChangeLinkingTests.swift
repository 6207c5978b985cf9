import Approvals
@testable import ApprovalsStore
import Foundation
import GRDB
import Testing

/// A significant change and the link to its change submission are committed together or not at all.
@Suite struct ChangeLinkingTests {
    struct Setting {
        let store: RecordStore
        let approved: Submission
        let changeSubmission: Submission
        let editor: Actor
    }

    func setting(_ folder: TemporaryDataFolder) throws -> Setting {
        let store = RecordStore(database: try Fixtures.open(folder))
        let summary = try DemoData.load(into: store, now: Date(timeIntervalSince1970: 1_790_000_000))
        let submissions = try store.page(Submission.self, limit: 1000).records
        let changeSubmission = try #require(submissions.first { $0.changesSubmissionID != nil })
        let approved = try #require(submissions.first { $0.id == changeSubmission.changesSubmissionID })
        let editor = try #require(summary.users.first { $0.organisationID == approved.organisationID && $0.roles.contains(.aoEditor) }).actor
        return Setting(store: store, approved: approved, changeSubmission: changeSubmission, editor: editor)
    }

    func counts(_ store: RecordStore) throws -> (changes: Int, audit: Int) {
        try store.database.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM changes_after_approval") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_events") ?? -1)
        }
    }

    func request() -> ChangeRequest {
        ChangeRequest(standardReference: "ST0973", standardRevisedAt: Date(timeIntervalSince1970: 1_760_000_000), kind: .significant,
                      description: "A new unit for the revised standard.")
    }

    @Test func recordingAndLinkingCommitTogether() throws {
        let folder = try TemporaryDataFolder()
        let setting = try setting(folder)
        let before = try counts(setting.store)
        let change = try setting.store.recordChange(to: setting.approved.id, request(), linking: setting.changeSubmission.id,
                                                    by: setting.editor, at: Date(timeIntervalSince1970: 1_790_000_100))
        #expect(change.state == .changeSubmissionLinked && change.changeSubmissionID == setting.changeSubmission.id)
        let after = try counts(setting.store)
        #expect(after.changes == before.changes + 1 && after.audit == before.audit + 2)
        #expect(try setting.store.database.verifyAudit().holds)
    }

    @Test func aRefusedLinkLeavesNeitherTheChangeNorItsAuditEvents() throws {
        let folder = try TemporaryDataFolder()
        let setting = try setting(folder)
        let before = try counts(setting.store)
        // The approved submission itself is no change submission, so the link is refused after the
        // change was built: nothing of either may remain.
        #expect(throws: RuleViolation.self) {
            try setting.store.recordChange(to: setting.approved.id, request(), linking: setting.approved.id,
                                           by: setting.editor, at: Date(timeIntervalSince1970: 1_790_000_100))
        }
        let after = try counts(setting.store)
        #expect(after.changes == before.changes && after.audit == before.audit)
    }
}
