public import Approvals
public import Foundation
import GRDB

// Decisions held until released (Migrations/0200): recorded by an approver after the domain has
// accepted them on the submission as it is, released through the submission's decision transition.
extension RecordStore {
    public func pendingDecision(for submission: SubmissionID) throws -> PendingDecision? {
        try database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM institute_pending_decisions WHERE submission_id = ?",
                             arguments: [submission.rawValue]).map(Self.pending)
        }
    }

    public func pendingDecisions() throws -> [SubmissionID: PendingDecision] {
        try database.pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT * FROM institute_pending_decisions").map { row in
                let pending = Self.pending(row)
                return (pending.submissionID, pending)
            })
        }
    }

    /// Records an approver's decision, held until released. The domain's decision is tried first on
    /// the submission as it is now (and thrown away), so that a decision it would refuse, such as an
    /// approval while an Ofqual note on the AO is open, is refused here with the domain's message.
    public func recordPendingDecision(on submissionID: SubmissionID, _ outcome: DecisionOutcome, reasons: String,
                                      by actor: Actor, at instant: Date) throws {
        try database.pool.write { db in
            let facts = StoreReader(db, cache: database.referenceCache)
            let submission = try facts.record(Submission.self, id: submissionID.rawValue)
            _ = try SubmissionLifecycle.apply(.decide(outcome, reasons: reasons), to: submission, by: actor, at: instant,
                                              context: try facts.submissionContext(for: submission))
            try db.execute(sql: """
                INSERT INTO institute_pending_decisions (submission_id, outcome, reasons, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (submission_id) DO UPDATE SET outcome = excluded.outcome, reasons = excluded.reasons,
                    recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
                """, arguments: [submissionID.rawValue, outcome.rawValue, reasons, actor.id.rawValue, StoreTime.format(instant)])
            var audit = Self.paperAudit(actor, instant, recordType: "submission", recordID: submissionID.rawValue,
                                        reference: submission.reference.description, action: "record_decision",
                                        state: submission.state.rawValue)
            audit.reason = reasons
            audit.details = AuditEntry.json(["outcome": outcome.rawValue])
            _ = try AuditChain.append(audit, in: db)
        }
    }

    /// Releases a held decision to the AO: the submission's decision transition, and the held one
    /// removed, in one transaction.
    @discardableResult
    public func releaseDecision(on submissionID: SubmissionID, by actor: Actor, at instant: Date) throws -> Submission {
        try database.pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM institute_pending_decisions WHERE submission_id = ?",
                                             arguments: [submissionID.rawValue]) else {
                throw RuleViolation(.invalidState, "There is no recorded decision to release. Record the decision first.")
            }
            let pending = Self.pending(row)
            let facts = StoreReader(db, cache: database.referenceCache)
            let submission = try facts.record(Submission.self, id: submissionID.rawValue)
            let transition = try SubmissionLifecycle.apply(.decide(pending.outcome, reasons: pending.reasons), to: submission,
                                                           by: actor, at: instant, context: try facts.submissionContext(for: submission))
            try RecordRows.update(transition.record, expectedVersion: submission.version, previous: submission,
                                  actorID: actor.id.rawValue, in: db)
            _ = try AuditChain.append(AuditEntry(transition.audit), in: db)
            try db.execute(sql: "DELETE FROM institute_pending_decisions WHERE submission_id = ?", arguments: [submissionID.rawValue])
            return transition.record
        }
    }

    static func pending(_ row: Row) -> PendingDecision {
        PendingDecision(submissionID: SubmissionID(row["submission_id"]), outcome: DecisionOutcome(rawValue: row["outcome"]) ?? .notApproved,
                        reasons: row["reasons"], recordedBy: UserID(row["recorded_by"]),
                        recordedAt: StoreTime.parse(row["recorded_at"]) ?? .distantPast)
    }
}
