public import Approvals
import Foundation
import GRDB

/// Reads the facts a domain rule needs, inside the transaction that will commit the result, so that
/// what the rule saw is what was true when the change committed. Valid only inside the closure it
/// is given to: it wraps that transaction's connection.
public struct StoreReader {
    let db: Database
    let cache: DecodedReferenceCache?

    init(_ db: Database, cache: DecodedReferenceCache? = nil) {
        self.db = db
        self.cache = cache
    }

    public func record<R: StoredRecord>(_ type: R.Type, id: String) throws -> R {
        guard let record = try RecordRows.load(type, id: id, in: db) else {
            throw RecordNotFound(recordType: R.recordName, reference: id)
        }
        return record
    }

    public func cycle(_ id: CycleID) throws -> Cycle { try referenceRecord(Cycle.self, id: id.rawValue) }

    public func organisation(_ id: OrganisationID) throws -> Organisation { try referenceRecord(Organisation.self, id: id.rawValue) }

    private func referenceRecord<R: StoredRecord>(_ type: R.Type, id: String) throws -> R {
        guard let cache else { return try record(type, id: id) }
        guard let found = try cache.record(type, id: id, in: db) else { throw RecordNotFound(recordType: R.recordName, reference: id) }
        return found
    }

    /// The standards with these references, with their KSBs; unknown references are left out.
    public func standards(_ references: [String]) throws -> [OccupationalStandard] {
        try references.compactMap { try StandardRows.load($0, in: db) }
    }

    /// Late-submission exceptions lodged for one record.
    public func exceptions(recordType: RecordType, recordID: String) throws -> [LateSubmissionException] {
        try bodies(LateSubmissionException.self, sql: "SELECT body FROM late_submission_exceptions WHERE record_type = ? AND record_id = ?",
                   [recordType.rawValue, recordID])
    }

    public func regulatoryNotes(organisation: OrganisationID) throws -> [OfqualRegulatoryNote] {
        try bodies(OfqualRegulatoryNote.self, sql: "SELECT body FROM ofqual_regulatory_notes WHERE organisation_id = ?",
                   [organisation.rawValue])
    }

    public func conflicts(organisation: OrganisationID) throws -> [ConflictOfInterest] {
        try bodies(ConflictOfInterest.self, sql: "SELECT body FROM conflicts_of_interest WHERE organisation_id = ?",
                   [organisation.rawValue])
    }

    /// Everything `SubmissionLifecycle.apply` needs about a submission and its content.
    public func submissionContext(for submission: Submission, content: SubmissionContent? = nil,
                                  policy: ApprovalPolicy = .standard) throws -> SubmissionContext {
        let content = content ?? submission.draft
        let proposal = try content.proposalID.flatMap { try RecordRows.load(Proposal.self, id: $0.rawValue, in: db) }
        let area = try content.specialistAreaID.flatMap { try RecordRows.load(SpecialistArea.self, id: $0.rawValue, in: db) }
        return SubmissionContext(
            cycle: try cycle(submission.cycleID), organisation: try organisation(submission.organisationID),
            exceptions: try exceptions(recordType: .submission, recordID: submission.id.rawValue),
            proposal: proposal, standards: try standards(content.standardReferences), specialistArea: area,
            regulatoryNotes: try regulatoryNotes(organisation: submission.organisationID),
            conflicts: try conflicts(organisation: submission.organisationID), policy: policy)
    }

    private func bodies<R: StoredRecord>(_ type: R.Type, sql: String, _ arguments: StatementArguments) throws -> [R] {
        try String.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { try RecordBody.decode(R.self, from: $0) }
    }
}
