import Approvals
import Dispatch
import Foundation
import GRDB
import Synchronization
import Testing
@testable import ApprovalsStore

@Suite("Optimistic concurrency")
struct ConcurrencyTests {
    @Test("two people editing the same version: the first wins, the second gets a conflict a person can read")
    func staleVersionIsRefused() throws {
        let folder = try TemporaryDataFolder()
        let store = RecordStore(database: try Fixtures.open(folder))
        let (cycle, organisation, editor) = try Fixtures.seed(store)
        let draft = try store.createSubmission(cycleID: cycle.id, organisationID: organisation.id, content: Fixtures.content,
                                               by: editor, at: Fixtures.instant)
        var first = Fixtures.content
        first.title = "Level 3 Technical Occupational Entry in Digital Support (Diploma)"
        var second = Fixtures.content
        second.guidedLearningHours = 999
        let saved = try store.applySubmission(.editDraft(first), to: draft.id, expectedVersion: 1, by: editor, at: Fixtures.instant)
        #expect(saved.version == 2)
        let conflict = #expect(throws: EditConflict.self) {
            try store.applySubmission(.editDraft(second), to: draft.id, expectedVersion: 1, by: editor, at: Fixtures.instant)
        }
        #expect(conflict == EditConflict(recordType: "submission", reference: draft.reference.description, expectedVersion: 1))
        #expect(conflict?.description.hasPrefix("This submission (\(draft.reference)) was changed by someone else") == true)
        let stored = try store.record(Submission.self, id: draft.id.rawValue)
        #expect(stored.draft == first)
        #expect(try store.history(recordType: .submission, recordID: draft.id.rawValue).map(\.entry.action) == ["create", "edit_draft"])
    }

    @Test("a transition computed from a stale copy is refused at commit by the version check in the UPDATE")
    func commitChecksVersionInUpdate() throws {
        let folder = try TemporaryDataFolder()
        let store = RecordStore(database: try Fixtures.open(folder))
        let (cycle, organisation, editor) = try Fixtures.seed(store)
        let draft = try store.createSubmission(cycleID: cycle.id, organisationID: organisation.id, content: Fixtures.content,
                                               by: editor, at: Fixtures.instant)
        let context = try store.read { try $0.submissionContext(for: draft) }
        let mine = try SubmissionLifecycle.apply(.editDraft(Fixtures.content), to: draft, by: editor, at: Fixtures.instant, context: context)
        let theirs = try SubmissionLifecycle.apply(.withdraw(reason: "duplicate"), to: draft, by: editor, at: Fixtures.instant, context: context)
        try store.commit(theirs)
        #expect(throws: EditConflict.self) { try store.commit(mine) }
        #expect(try store.record(Submission.self, id: draft.id.rawValue).state == .withdrawn)
        #expect(try store.database.verifyAudit().holds)
    }

    @Test("a change that does not advance the version is refused, not written")
    func versionMustAdvance() throws {
        let folder = try TemporaryDataFolder()
        let store = RecordStore(database: try Fixtures.open(folder))
        let (_, organisation, _) = try Fixtures.seed(store)
        #expect(try store.read { try $0.organisation(organisation.id) } == organisation) // now cached at version 1
        var renamed = organisation
        renamed.name = "Northbridge Awards Ltd"
        let audit = AuditEntry(occurredAt: Fixtures.instant, actorUserID: "admin-1", actorRole: "admin", recordType: "organisation",
                               recordID: organisation.id.rawValue, recordReference: nil, action: "edit", stateBefore: nil, stateAfter: nil)
        #expect(throws: VersionNotAdvanced.self) { try store.replace(renamed, expectedVersion: 1, audit: audit) }
        renamed.version = 2
        try store.replace(renamed, expectedVersion: 1, audit: audit)
        #expect(try store.record(Organisation.self, id: organisation.id.rawValue).name == "Northbridge Awards Ltd")
        // The cached decode of version 1 is not served once version 2 is stored.
        #expect(try store.read { try $0.organisation(organisation.id) }.name == "Northbridge Awards Ltd")
    }

    @Test("many writers racing on one record from several threads: exactly one wins each version")
    func concurrentWriters() throws {
        let folder = try TemporaryDataFolder()
        let store = RecordStore(database: try Fixtures.open(folder))
        let (cycle, organisation, editor) = try Fixtures.seed(store)
        let draft = try store.createSubmission(cycleID: cycle.id, organisationID: organisation.id, content: Fixtures.content,
                                               by: editor, at: Fixtures.instant)
        let writers = 8
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: writers) { index in
            var content = Fixtures.content
            content.guidedLearningHours = 100 + index
            do {
                _ = try store.applySubmission(.editDraft(content), to: draft.id, expectedVersion: 1, by: editor, at: Fixtures.instant)
                outcomes.record(.success(index))
            } catch let conflict as EditConflict {
                outcomes.record(.failure(conflict))
            } catch {
                outcomes.record(.other("\(error)"))
            }
        }
        let results = outcomes.all
        let winners = results.compactMap { if case .success(let index) = $0 { index } else { nil } }
        #expect(winners.count == 1)
        #expect(results.filter { if case .failure = $0 { true } else { false } }.count == writers - 1)
        let stored = try store.record(Submission.self, id: draft.id.rawValue)
        #expect(stored.version == 2)
        #expect(stored.draft.guidedLearningHours == 100 + winners[0])
        #expect(try store.history(recordType: .submission, recordID: draft.id.rawValue).count == 2)
    }

    @Test("two processes' connections on one file: the second writer on a stale version gets the conflict")
    func twoPoolsOnOneFile() throws {
        let folder = try TemporaryDataFolder()
        let first = RecordStore(database: try Fixtures.open(folder))
        let second = RecordStore(database: try Fixtures.open(folder))
        let (cycle, organisation, editor) = try Fixtures.seed(first)
        let draft = try first.createSubmission(cycleID: cycle.id, organisationID: organisation.id, content: Fixtures.content,
                                               by: editor, at: Fixtures.instant)
        let loadedBySecond = try second.record(Submission.self, id: draft.id.rawValue)
        try first.applySubmission(.withdraw(reason: "not needed"), to: draft.id, expectedVersion: 1, by: editor, at: Fixtures.instant)
        #expect(throws: EditConflict.self) {
            try second.applySubmission(.editDraft(Fixtures.content), to: loadedBySecond.id, expectedVersion: loadedBySecond.version,
                                       by: editor, at: Fixtures.instant)
        }
        #expect(try second.database.verifyAudit().holds)
    }
}

/// Results gathered from several threads.
private final class Outcomes: Sendable {
    enum Outcome: Sendable { case success(Int), failure(EditConflict), other(String) }
    private let outcomes = Mutex<[Outcome]>([])

    func record(_ outcome: Outcome) { outcomes.withLock { $0.append(outcome) } }
    var all: [Outcome] { outcomes.withLock { $0 } }
}
