import Approvals
import Foundation
import GRDB
import Testing
@testable import ApprovalsStore

@Suite("Audit trail")
struct AuditTrailTests {
    /// A database with a few audited changes.
    private func populated(_ folder: TemporaryDataFolder) throws -> ApprovalsDatabase {
        let database = try Fixtures.open(folder)
        let store = RecordStore(database: database)
        let (cycle, organisation, editor) = try Fixtures.seed(store)
        for _ in 0..<3 {
            let draft = try store.createSubmission(cycleID: cycle.id, organisationID: organisation.id, content: Fixtures.content,
                                                   by: editor, at: Fixtures.instant)
            try store.applySubmission(.editDraft(Fixtures.content), to: draft.id, expectedVersion: 1, by: editor, at: Fixtures.instant)
        }
        return database
    }

    @Test("every change is chained to the one before, and the chain verifies")
    func chainHolds() throws {
        let folder = try TemporaryDataFolder()
        let database = try populated(folder)
        let events = try RecordStore(database: database).auditEvents(after: 0, limit: 100)
        #expect(events.count == 8) // organisation, cycle, 3 × (create, edit)
        #expect(events.first?.previousHash == AuditChain.genesis)
        for (earlier, later) in zip(events, events.dropFirst()) {
            #expect(later.previousHash == earlier.hash)
            #expect(later.sequence == earlier.sequence + 1)
        }
        #expect(try database.verifyAudit() == .intact(eventCount: 8, headHash: events.last!.hash))
    }

    @Test("an empty trail verifies")
    func emptyTrail() throws {
        let folder = try TemporaryDataFolder()
        #expect(try Fixtures.open(folder).verifyAudit() == .intact(eventCount: 0, headHash: AuditChain.genesis))
    }

    @Test("the triggers refuse UPDATE and DELETE of an audit event", arguments: [
        "UPDATE audit_events SET reason = 'nothing to see' WHERE sequence = 2",
        "DELETE FROM audit_events WHERE sequence = 2",
        "DELETE FROM audit_events",
    ])
    func triggersRefuse(sql: String) throws {
        let folder = try TemporaryDataFolder()
        let database = try populated(folder)
        let error = #expect(throws: DatabaseError.self) { try database.pool.write { try $0.execute(sql: sql) } }
        #expect(error?.message?.contains("append-only") == true)
        #expect(try database.verifyAudit().holds)
        #expect(try database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM audit_events") } == 8)
    }

    @Test("a changed event is named by verify, even with the triggers dropped")
    func tamperingWithContent() throws {
        let folder = try TemporaryDataFolder()
        let database = try populated(folder)
        try database.pool.write { db in
            try db.execute(sql: "DROP TRIGGER audit_events_refuse_update")
            try db.execute(sql: "UPDATE audit_events SET actor_user_id = 'someone-else' WHERE sequence = 5")
        }
        let verification = try database.verifyAudit()
        guard case .broken(let sequence, let reason) = verification else { Issue.record("tampering not detected"); return }
        #expect(sequence == 5)
        #expect(reason.contains("does not match its hash"))
    }

    @Test("an event rewritten with a recomputed hash breaks the next link")
    func tamperingWithRecomputedHash() throws {
        let folder = try TemporaryDataFolder()
        let database = try populated(folder)
        try database.pool.write { db in
            try db.execute(sql: "DROP TRIGGER audit_events_refuse_update")
            let row = try Row.fetchOne(db, sql: "SELECT * FROM audit_events WHERE sequence = 4")!
            var (event, occurredAt) = AuditChain.decode(row)
            var entry = event.entry
            entry.reason = "forged"
            let forged = AuditChain.hash(previous: event.previousHash, sequence: 4, occurredAt: occurredAt, entry: entry)
            try db.execute(sql: "UPDATE audit_events SET reason = 'forged', hash = ? WHERE sequence = 4", arguments: [forged])
            event = AuditChain.decode(try Row.fetchOne(db, sql: "SELECT * FROM audit_events WHERE sequence = 4")!).0
            _ = occurredAt
        }
        #expect(try database.verifyAudit() == .broken(sequence: 5, reason: "its previous hash does not match the hash of event 4."))
    }

    @Test("a removed event is named by verify")
    func tamperingByDeletion() throws {
        let folder = try TemporaryDataFolder()
        let database = try populated(folder)
        try database.pool.write { db in
            try db.execute(sql: "DROP TRIGGER audit_events_refuse_delete")
            try db.execute(sql: "DELETE FROM audit_events WHERE sequence = 3")
        }
        guard case .broken(let sequence, let reason) = try database.verifyAudit() else { Issue.record("deletion not detected"); return }
        #expect(sequence == 3)
        #expect(reason.contains("missing"))
    }

    @Test("a transition refused by the domain writes neither the record nor an audit event")
    func refusedTransitionWritesNothing() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        let store = RecordStore(database: database)
        let (cycle, organisation, editor) = try Fixtures.seed(store)
        let draft = try store.createSubmission(cycleID: cycle.id, organisationID: organisation.id, content: Fixtures.content,
                                               by: editor, at: Fixtures.instant)
        let before = try store.auditEvents(after: 0).count
        // Documents are missing, so submit is refused.
        #expect(throws: RuleViolation.self) {
            try store.applySubmission(.submit, to: draft.id, expectedVersion: 1, by: editor, at: Fixtures.instant)
        }
        #expect(try store.auditEvents(after: 0).count == before)
        #expect(try store.record(Submission.self, id: draft.id.rawValue) == draft)
    }

    @Test("canonical content separates fields unambiguously")
    func canonicalContentIsUnambiguous() {
        let a = AuditEntry(occurredAt: Fixtures.instant, actorUserID: "ab", actorRole: "c", recordType: "t", recordID: "1",
                           recordReference: nil, action: "x", stateBefore: nil, stateAfter: nil)
        var b = a
        b.actorUserID = "a"
        b.actorRole = "bc"
        #expect(AuditChain.canonicalContent(sequence: 1, occurredAt: "t", entry: a)
                != AuditChain.canonicalContent(sequence: 1, occurredAt: "t", entry: b))
        var c = a
        c.reason = ""
        #expect(AuditChain.canonicalContent(sequence: 1, occurredAt: "t", entry: a)
                != AuditChain.canonicalContent(sequence: 1, occurredAt: "t", entry: c))
    }
}
