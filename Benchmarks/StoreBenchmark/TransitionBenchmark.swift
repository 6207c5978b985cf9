import Approvals
import ApprovalsStore
import Foundation
import GRDB

/// Transitions committed per second: an `editDraft` through the store (load, domain, version-checked
/// UPDATE, chained audit event, one commit) against raw statements doing the same writes (read the
/// row, version-checked UPDATE of the same columns, read the chain head, SHA-256, INSERT the event).
struct TransitionBenchmark {
    let bench: BenchmarkDatabase
    private var storeVersions: [SubmissionID: Int] = [:]
    private var storeNext = 0
    private var rawNext = 0

    init(bench: BenchmarkDatabase) { self.bench = bench }

    /// The store edits the first half of the submissions, the raw path the second half, so that
    /// neither makes the other's expected versions stale.
    mutating func runStore(_ count: Int) throws -> Double {
        let half = bench.submissionIDs.count / 2
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<count {
            let id = bench.submissionIDs[storeNext % half]
            let version = storeVersions[id] ?? 1
            let saved = try bench.store.applySubmission(.editDraft(BenchmarkDatabase.content(storeNext)), to: id, expectedVersion: version,
                                                        by: bench.editor, at: BenchmarkDatabase.instant)
            storeVersions[id] = saved.version
            storeNext += 1
        }
        return Double(count) / seconds(since: start)
    }

    mutating func runRaw(_ count: Int) throws -> Double {
        let half = bench.submissionIDs.count / 2
        let editor = bench.editor
        var next = rawNext
        let start = DispatchTime.now().uptimeNanoseconds
        try bench.database.pool.writeWithoutTransaction { db in
            let select = try db.makeStatement(sql: "SELECT version, body, reference FROM submissions WHERE id = ?")
            let update = try db.makeStatement(sql: "UPDATE submissions SET version = ?, body = ?, title = ?, updated_at = ? WHERE id = ? AND version = ?")
            let head = try db.makeStatement(sql: "SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1")
            let insert = try db.makeStatement(sql: """
                INSERT INTO audit_events (sequence, occurred_at, actor_user_id, actor_role, actor_organisation_id, record_type, record_id,
                    record_reference, action, state_before, state_after, reason, details, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for _ in 0..<count {
                let id = bench.submissionIDs[half + next % half].rawValue
                try db.inTransaction(.immediate) {
                    let row = try Row.fetchOne(select, arguments: [id])!
                    let version: Int = row["version"]
                    let body: String = row["body"]
                    try update.execute(arguments: [version + 1, body, "Level 3 Technical Occupational Entry \(next)",
                                                   StoreTime.format(BenchmarkDatabase.instant), id, version])
                    precondition(db.changesCount == 1)
                    let last = try Row.fetchOne(head)!
                    let sequence: Int64 = last["sequence"] + 1
                    let entry = AuditEntry(occurredAt: BenchmarkDatabase.instant, actorUserID: editor.id.rawValue, actorRole: "ao_editor",
                                           actorOrganisationID: editor.organisationID?.rawValue, recordType: "submission", recordID: id,
                                           recordReference: row["reference"], action: "edit_draft", stateBefore: "draft", stateAfter: "draft",
                                           details: "{\"record_version\":\"\(version + 1)\"}")
                    let occurredAt = StoreTime.format(entry.occurredAt)
                    let previous: String = last["hash"]
                    let hash = AuditChain.hash(previous: previous, sequence: sequence, occurredAt: occurredAt, entry: entry)
                    try insert.execute(arguments: [sequence, occurredAt, entry.actorUserID, entry.actorRole, entry.actorOrganisationID,
                                                   entry.recordType, entry.recordID, entry.recordReference, entry.action, entry.stateBefore,
                                                   entry.stateAfter, entry.reason, entry.details, previous, hash])
                    return .commit
                }
                next += 1
            }
        }
        rawNext = next
        return Double(count) / seconds(since: start)
    }
}

func seconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
