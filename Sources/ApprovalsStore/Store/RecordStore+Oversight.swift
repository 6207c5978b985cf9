public import Approvals
public import Foundation

// Ofqual regulatory notes, conflicts of interest and changes after approval: the records that
// watch over reviews and decisions. Their references are scoped by year (`ORN-2025-0001`).

extension RecordStore {
    @discardableResult
    public func recordRegulatoryNote(organisationID: OrganisationID, summary: String, receivedAt: Date, by actor: Actor,
                                     at instant: Date) throws -> OfqualRegulatoryNote {
        try create(OfqualRegulatoryNote.self, referenceKind: .regulatoryNote, scope: Self.yearScope(instant)) { id, reference, _ in
            try RegulatoryNoteLifecycle.record(id: RegulatoryNoteID(id), reference: reference, organisationID: organisationID,
                                               summary: summary, receivedAt: receivedAt, by: actor, at: instant)
        }
    }

    @discardableResult
    public func applyRegulatoryNote(_ event: RegulatoryNoteEvent, to id: RegulatoryNoteID, expectedVersion: Int, by actor: Actor,
                                    at instant: Date) throws -> OfqualRegulatoryNote {
        try change(OfqualRegulatoryNote.self, id: id.rawValue, expectedVersion: expectedVersion) { note, _ in
            try RegulatoryNoteLifecycle.apply(event, to: note, by: actor, at: instant)
        }
    }

    @discardableResult
    public func declareConflict(reviewerID: UserID, organisationID: OrganisationID, description: String, by actor: Actor,
                                at instant: Date) throws -> ConflictOfInterest {
        try create(ConflictOfInterest.self, referenceKind: .conflict, scope: Self.yearScope(instant)) { id, reference, _ in
            try ConflictLifecycle.declare(id: ConflictID(id), reference: reference, reviewerID: reviewerID,
                                          organisationID: organisationID, description: description, by: actor, at: instant)
        }
    }

    @discardableResult
    public func applyConflict(_ event: ConflictEvent, to id: ConflictID, expectedVersion: Int, by actor: Actor,
                              at instant: Date) throws -> ConflictOfInterest {
        try change(ConflictOfInterest.self, id: id.rawValue, expectedVersion: expectedVersion) { conflict, _ in
            try ConflictLifecycle.apply(event, to: conflict, by: actor, at: instant)
        }
    }

    /// Records a change to an approved submission with the next `CHG-<cycle>-NNNN` reference.
    @discardableResult
    public func recordChange(to submissionID: SubmissionID, _ request: ChangeRequest, by actor: Actor, at instant: Date,
                             policy: ApprovalPolicy = .standard) throws -> ChangeAfterApproval {
        let code = try read { facts in try facts.cycle(try facts.record(Submission.self, id: submissionID.rawValue).cycleID).code }
        return try create(ChangeAfterApproval.self, referenceKind: .change, scope: code) { id, reference, facts in
            try ChangeLifecycle.record(id: ChangeID(id), reference: reference,
                                       approved: try facts.record(Submission.self, id: submissionID.rawValue), request,
                                       by: actor, at: instant, policy: policy)
        }
    }

    /// Records a significant change and links the change submission that carries it, in one
    /// transaction: if the link is refused (not a live change submission of that qualification, say)
    /// the change is not recorded either, so no half-made change waits for a link that never came.
    @discardableResult
    public func recordChange(to submissionID: SubmissionID, _ request: ChangeRequest, linking changeSubmissionID: SubmissionID,
                             by actor: Actor, at instant: Date, policy: ApprovalPolicy = .standard) throws -> ChangeAfterApproval {
        try database.pool.write { db in
            let facts = StoreReader(db, cache: database.referenceCache)
            let approved = try facts.record(Submission.self, id: submissionID.rawValue)
            let code = try facts.cycle(approved.cycleID).code
            let reference = try ReferenceAllocator.next(.change, scope: code, in: db)
            let created = try ChangeLifecycle.record(id: ChangeID(RandomIdentifier.make()), reference: reference, approved: approved,
                                                     request, by: actor, at: instant, policy: policy)
            let linked = try ChangeLifecycle.apply(.linkChangeSubmission(try facts.record(Submission.self, id: changeSubmissionID.rawValue)),
                                                   to: created.record, by: actor, at: instant)
            try RecordRows.insert(created.record, actorID: created.audit.actorID.rawValue, in: db)
            try AuditChain.append(AuditEntry(created.audit), in: db)
            try RecordRows.update(linked.record, expectedVersion: created.record.version, previous: created.record,
                                  actorID: linked.audit.actorID.rawValue, in: db)
            try AuditChain.append(AuditEntry(linked.audit), in: db)
            return linked.record
        }
    }

    /// Links the change submission that carries a significant change.
    @discardableResult
    public func linkChangeSubmission(_ submissionID: SubmissionID, to id: ChangeID, expectedVersion: Int, by actor: Actor,
                                     at instant: Date) throws -> ChangeAfterApproval {
        try change(ChangeAfterApproval.self, id: id.rawValue, expectedVersion: expectedVersion) { change, facts in
            try ChangeLifecycle.apply(.linkChangeSubmission(try facts.record(Submission.self, id: submissionID.rawValue)),
                                      to: change, by: actor, at: instant)
        }
    }

    /// The year in UK time, as a reference scope.
    static func yearScope(_ instant: Date) -> String { String(UKTime.wallClock(at: instant).date.year) }
}
