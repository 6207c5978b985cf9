import Approvals
import ApprovalsStore
import Foundation
import GRDB

/// Transitions committed per second: an `editDraft` through the store (load the record and the facts
/// the domain needs, apply the domain's transition, version-checked UPDATE, chained audit event, one
/// commit) against hand-written prepared statements doing the same work, and, for information,
/// against the writes alone (no JSON, no facts, no domain: what a schema without record bodies
/// would cost).
struct TransitionBenchmark {
    enum Path: Int { case store = 0, rawSameWork = 1, rawWritesOnly = 2 }

    let bench: BenchmarkDatabase
    private var versions: [SubmissionID: Int] = [:]
    private var next = [0, 0, 0]

    init(bench: BenchmarkDatabase) { self.bench = bench }

    /// Each path edits its own third of the submissions, so that none makes another's expected
    /// versions stale.
    private mutating func nextSubmission(_ path: Path) -> (SubmissionID, Int) {
        let third = bench.submissionIDs.count / 3
        let index = next[path.rawValue]
        next[path.rawValue] += 1
        return (bench.submissionIDs[path.rawValue * third + index % third], index)
    }

    mutating func runStore(_ count: Int) throws -> Measurement {
        let work: [(SubmissionID, Int)] = (0..<count).map { _ in nextSubmission(.store) }
        var versions = self.versions
        let bench = self.bench
        let measurement = try Measurement.run(count) {
            for (id, index) in work {
                let saved = try bench.store.applySubmission(.editDraft(BenchmarkDatabase.content(index)), to: id,
                                                            expectedVersion: versions[id] ?? 1, by: bench.editor, at: BenchmarkDatabase.instant)
                versions[id] = saved.version
            }
        }
        self.versions = versions
        return measurement
    }

    mutating func runRaw(_ count: Int, sameWork: Bool) throws -> Measurement {
        let work: [(SubmissionID, Int)] = (0..<count).map { _ in nextSubmission(sameWork ? .rawSameWork : .rawWritesOnly) }
        let bench = self.bench
        return try Measurement.run(count) {
          try bench.database.pool.writeWithoutTransaction { db in
            let statements = try RawStatements(db)
            for (id, index) in work {
                try db.inTransaction(.immediate) {
                    if sameWork {
                        try statements.transition(id, content: BenchmarkDatabase.content(index), bench: bench, db: db)
                    } else {
                        try statements.writesOnly(id, index: index, bench: bench, db: db)
                    }
                    return .commit
                }
            }
          }
        }
    }
}

/// The prepared statements of the raw paths.
private struct RawStatements {
    let select, cycle, organisation, exceptions, notes, conflicts, standard, update, head, insert: Statement

    init(_ db: Database) throws {
        select = try db.makeStatement(sql: "SELECT version, body, reference FROM submissions WHERE id = ?")
        cycle = try db.makeStatement(sql: "SELECT body FROM cycles WHERE id = ?")
        organisation = try db.makeStatement(sql: "SELECT body FROM organisations WHERE id = ?")
        exceptions = try db.makeStatement(sql: "SELECT body FROM late_submission_exceptions WHERE record_type = 'submission' AND record_id = ?")
        notes = try db.makeStatement(sql: "SELECT body FROM ofqual_regulatory_notes WHERE organisation_id = ?")
        conflicts = try db.makeStatement(sql: "SELECT body FROM conflicts_of_interest WHERE organisation_id = ?")
        standard = try db.makeStatement(sql: "SELECT * FROM standards WHERE reference = ?")
        update = try db.makeStatement(sql: """
            UPDATE submissions SET version = ?, body = ?, reference = ?, organisation_id = ?, cycle_id = ?, state = ?, category_code = ?,
                title = ?, assigned_reviewer_id = ?, changes_submission_id = ?, created_at = ?, updated_at = ?
            WHERE id = ? AND version = ?
            """)
        head = try db.makeStatement(sql: "SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1")
        insert = try db.makeStatement(sql: """
            INSERT INTO audit_events (sequence, occurred_at, actor_user_id, actor_role, actor_organisation_id, record_type, record_id,
                record_reference, action, state_before, state_after, reason, details, previous_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// Read the record and its facts, let the domain decide, write the row and the chained event.
    func transition(_ id: SubmissionID, content: SubmissionContent, bench: BenchmarkDatabase, db: Database) throws {
        let decoder = JSONDecoder()
        let row = try Row.fetchOne(select, arguments: [id.rawValue])!
        let submission = try decoder.decode(Submission.self, from: Data((row["body"] as String).utf8))
        let cycle = try decoder.decode(Cycle.self, from: Data(try String.fetchOne(self.cycle, arguments: [submission.cycleID.rawValue])!.utf8))
        let organisation = try decoder.decode(Organisation.self,
            from: Data(try String.fetchOne(self.organisation, arguments: [submission.organisationID.rawValue])!.utf8))
        // The benchmark's standards table is empty, so this lookup finds nothing, as the store's does.
        let standards = try submission.draft.standardReferences.compactMap { try Row.fetchOne(standard, arguments: [$0]) }
        precondition(standards.isEmpty)
        let context = SubmissionContext(
            cycle: cycle, organisation: organisation,
            exceptions: try String.fetchAll(exceptions, arguments: [id.rawValue]).map { try decoder.decode(LateSubmissionException.self, from: Data($0.utf8)) },
            regulatoryNotes: try String.fetchAll(notes, arguments: [organisation.id.rawValue]).map { try decoder.decode(OfqualRegulatoryNote.self, from: Data($0.utf8)) },
            conflicts: try String.fetchAll(conflicts, arguments: [organisation.id.rawValue]).map { try decoder.decode(ConflictOfInterest.self, from: Data($0.utf8)) })
        let transition = try SubmissionLifecycle.apply(.editDraft(content), to: submission, by: bench.editor, at: BenchmarkDatabase.instant,
                                                       context: context)
        let next = transition.record
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        try update.execute(arguments: [
            next.version, String(decoding: try encoder.encode(next), as: UTF8.self), next.reference.description, next.organisationID.rawValue,
            next.cycleID.rawValue, next.state.rawValue, next.draft.category.rawValue, next.draft.title, next.assignedReviewerID?.rawValue,
            next.changesSubmissionID?.rawValue, StoreTime.format(next.createdAt), StoreTime.format(next.updatedAt),
            id.rawValue, submission.version,
        ])
        precondition(db.changesCount == 1)
        try appendEvent(AuditEntry(transition.audit), db: db)
    }

    /// The writes alone: bump the version, rewrite the stored body, append the chained event.
    func writesOnly(_ id: SubmissionID, index: Int, bench: BenchmarkDatabase, db: Database) throws {
        let row = try Row.fetchOne(select, arguments: [id.rawValue])!
        let version: Int = row["version"]
        try update.execute(arguments: [
            version + 1, row["body"] as String, row["reference"] as String, bench.organisation.id.rawValue, bench.cycle.id.rawValue,
            "draft", "occupational_entry", "Level 3 Technical Occupational Entry \(index)", nil, nil,
            StoreTime.format(BenchmarkDatabase.instant), StoreTime.format(BenchmarkDatabase.instant), id.rawValue, version,
        ])
        precondition(db.changesCount == 1)
        try appendEvent(AuditEntry(occurredAt: BenchmarkDatabase.instant, actorUserID: bench.editor.id.rawValue, actorRole: "ao_editor",
                                   actorOrganisationID: bench.organisation.id.rawValue, recordType: "submission", recordID: id.rawValue,
                                   recordReference: row["reference"], action: "edit_draft", stateBefore: "draft", stateAfter: "draft",
                                   details: "{\"record_version\":\"\(version + 1)\"}"), db: db)
    }

    private func appendEvent(_ entry: AuditEntry, db: Database) throws {
        let last = try Row.fetchOne(head)!
        let sequence: Int64 = last["sequence"] + 1
        let previous: String = last["hash"]
        let occurredAt = StoreTime.format(entry.occurredAt)
        let hash = AuditChain.hash(previous: previous, sequence: sequence, occurredAt: occurredAt, entry: entry)
        try insert.execute(arguments: [sequence, occurredAt, entry.actorUserID, entry.actorRole, entry.actorOrganisationID, entry.recordType,
                                       entry.recordID, entry.recordReference, entry.action, entry.stateBefore, entry.stateAfter, entry.reason,
                                       entry.details, previous, hash])
    }
}

