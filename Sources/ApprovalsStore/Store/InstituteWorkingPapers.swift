public import Approvals
public import Foundation
import GRDB

/// Proposal feedback written by a reviewer and not yet released to the awarding organisation.
public struct FeedbackDraft: Sendable, Hashable {
    public let proposalID: ProposalID
    public var categoryFitAndNeed: String
    public var dutiesQualityAndRelevance: String
    public var employerDemandApproach: String
    public let writtenBy: UserID
    public let writtenAt: Date
}

/// A decision an approver recorded and has not yet released to the awarding organisation.
public struct PendingDecision: Sendable, Hashable {
    public let submissionID: SubmissionID
    public let outcome: DecisionOutcome
    public let reasons: String
    public let recordedBy: UserID
    public let recordedAt: Date
}

/// A one-to-one follow-up meeting held after proposal feedback.
public struct FollowUpMeeting: Sendable, Hashable {
    public let proposalID: ProposalID
    public let heldOn: String
    public let notes: String
    public let recordedBy: UserID
    public let recordedAt: Date
}

// The Institute's working papers (Migrations/0200): held here until released, when the release goes
// through the record's lifecycle like any other change. Every save and discard is audited.
extension RecordStore {
    public func feedbackDraft(for proposal: ProposalID) throws -> FeedbackDraft? {
        try database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM institute_feedback_drafts WHERE proposal_id = ?", arguments: [proposal.rawValue]).map(Self.draft)
        }
    }

    /// Every feedback draft, by proposal.
    public func feedbackDrafts() throws -> [ProposalID: FeedbackDraft] {
        try database.pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT * FROM institute_feedback_drafts").map { row in
                let draft = Self.draft(row)
                return (draft.proposalID, draft)
            })
        }
    }

    /// Saves (or replaces) the draft feedback on a proposal.
    public func saveFeedbackDraft(on proposal: Proposal, categoryFitAndNeed: String, dutiesQualityAndRelevance: String,
                                  employerDemandApproach: String, by actor: Actor, at instant: Date) throws {
        try database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO institute_feedback_drafts (proposal_id, category_fit_and_need, duties_quality_and_relevance,
                    employer_demand_approach, written_by, written_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (proposal_id) DO UPDATE SET category_fit_and_need = excluded.category_fit_and_need,
                    duties_quality_and_relevance = excluded.duties_quality_and_relevance,
                    employer_demand_approach = excluded.employer_demand_approach,
                    written_by = excluded.written_by, written_at = excluded.written_at
                """, arguments: [proposal.id.rawValue, categoryFitAndNeed, dutiesQualityAndRelevance, employerDemandApproach,
                                 actor.id.rawValue, StoreTime.format(instant)])
            _ = try AuditChain.append(Self.paperAudit(actor, instant, recordType: "proposal", recordID: proposal.id.rawValue,
                                                      reference: proposal.reference.description, action: "save_feedback_draft",
                                                      state: proposal.state.rawValue), in: db)
        }
    }

    /// Releases the draft feedback: the proposal's `issue_feedback` transition, and the draft removed,
    /// in one transaction. The domain checks who may release and that every part is written.
    @discardableResult
    public func releaseFeedback(on proposalID: ProposalID, by actor: Actor, at instant: Date) throws -> Proposal {
        try database.pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM institute_feedback_drafts WHERE proposal_id = ?",
                                             arguments: [proposalID.rawValue]) else {
                throw RuleViolation(.requiredField, "There is no draft feedback to release. Write the three parts of the feedback first.")
            }
            let draft = Self.draft(row)
            let facts = StoreReader(db, cache: database.referenceCache)
            let proposal = try facts.record(Proposal.self, id: proposalID.rawValue)
            let context = ProposalContext(cycle: try facts.cycle(proposal.cycleID),
                                          conflicts: try facts.conflicts(organisation: proposal.organisationID))
            let transition = try ProposalLifecycle.apply(
                .issueFeedback(categoryFitAndNeed: draft.categoryFitAndNeed, dutiesQualityAndRelevance: draft.dutiesQualityAndRelevance,
                               employerDemandApproach: draft.employerDemandApproach),
                to: proposal, by: actor, at: instant, context: context)
            try RecordRows.update(transition.record, expectedVersion: proposal.version, previous: proposal,
                                  actorID: actor.id.rawValue, in: db)
            _ = try AuditChain.append(AuditEntry(transition.audit), in: db)
            try db.execute(sql: "DELETE FROM institute_feedback_drafts WHERE proposal_id = ?", arguments: [proposalID.rawValue])
            return transition.record
        }
    }

    public func followUpMeeting(for proposal: ProposalID) throws -> FollowUpMeeting? {
        try database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM institute_follow_up_meetings WHERE proposal_id = ?", arguments: [proposal.rawValue]).map {
                FollowUpMeeting(proposalID: ProposalID($0["proposal_id"]), heldOn: $0["held_on"], notes: $0["notes"],
                                recordedBy: UserID($0["recorded_by"]), recordedAt: StoreTime.parse($0["recorded_at"]) ?? .distantPast)
            }
        }
    }

    /// Records the follow-up meeting held on a proposal whose feedback has been issued.
    public func recordFollowUpMeeting(on proposal: Proposal, heldOn: String, notes: String, by actor: Actor, at instant: Date) throws {
        guard proposal.state == .feedbackIssued || proposal.state == .closed else {
            throw RuleViolation(.invalidState, "\(proposal.reference) has no feedback issued yet, so no follow-up meeting can be recorded.")
        }
        try database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO institute_follow_up_meetings (proposal_id, held_on, notes, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (proposal_id) DO UPDATE SET held_on = excluded.held_on, notes = excluded.notes,
                    recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
                """, arguments: [proposal.id.rawValue, heldOn, notes, actor.id.rawValue, StoreTime.format(instant)])
            var audit = Self.paperAudit(actor, instant, recordType: "proposal", recordID: proposal.id.rawValue,
                                        reference: proposal.reference.description, action: "record_follow_up_meeting",
                                        state: proposal.state.rawValue)
            audit.details = AuditEntry.json(["held_on": heldOn])
            _ = try AuditChain.append(audit, in: db)
        }
    }

    /// Asks the AO for clarification (the submission's transition) and keeps when the answer is due,
    /// in one transaction, on the version the reviewer had loaded.
    @discardableResult
    public func requestClarification(on submissionID: SubmissionID, question: String, dueAt: Date, expectedVersion: Int,
                                     by actor: Actor, at instant: Date) throws -> Submission {
        try database.pool.write { db in
            let facts = StoreReader(db, cache: database.referenceCache)
            let submission = try facts.record(Submission.self, id: submissionID.rawValue)
            guard submission.version == expectedVersion else {
                throw EditConflict(recordType: "submission", reference: submission.reference.description, expectedVersion: expectedVersion)
            }
            let transition = try SubmissionLifecycle.apply(.requestClarification(question: question), to: submission, by: actor, at: instant,
                                                           context: try facts.submissionContext(for: submission))
            try RecordRows.update(transition.record, expectedVersion: expectedVersion, previous: submission, actorID: actor.id.rawValue, in: db)
            _ = try AuditChain.append(AuditEntry(transition.audit), in: db)
            try db.execute(sql: "INSERT OR REPLACE INTO institute_clarification_due_dates (submission_id, round, due_at) VALUES (?, ?, ?)",
                           arguments: [submissionID.rawValue, transition.record.clarificationRounds.count, StoreTime.format(dueAt)])
            return transition.record
        }
    }

    /// When the answer to each clarification round of a submission is due, by round number.
    public func clarificationDueDates(of submission: SubmissionID) throws -> [Int: Date] {
        try database.pool.read { db in
            var dates: [Int: Date] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT round, due_at FROM institute_clarification_due_dates WHERE submission_id = ?",
                                        arguments: [submission.rawValue]) {
                dates[row["round"]] = StoreTime.parse(row["due_at"])
            }
            return dates
        }
    }

    static func draft(_ row: Row) -> FeedbackDraft {
        FeedbackDraft(proposalID: ProposalID(row["proposal_id"]), categoryFitAndNeed: row["category_fit_and_need"],
                      dutiesQualityAndRelevance: row["duties_quality_and_relevance"], employerDemandApproach: row["employer_demand_approach"],
                      writtenBy: UserID(row["written_by"]), writtenAt: StoreTime.parse(row["written_at"]) ?? .distantPast)
    }

    static func paperAudit(_ actor: Actor, _ instant: Date, recordType: String, recordID: String, reference: String,
                           action: String, state: String) -> AuditEntry {
        AuditEntry(occurredAt: instant, actorUserID: actor.id.rawValue, actorRole: actor.roles.map(\.rawValue).sorted().joined(separator: ","),
                   actorOrganisationID: actor.organisationID?.rawValue, recordType: recordType, recordID: recordID,
                   recordReference: reference, action: action, stateBefore: state, stateAfter: state)
    }
}
