public import Approvals
import Foundation
import GRDB

/// The records of the approvals process, for the web layer and the commands. Every change runs in
/// one write transaction: load the record and the facts the domain needs, let the domain decide,
/// write the new state with a version check, append its audit event. Either all of it commits or
/// none of it does.
///
/// Errors: the domain's `RuleViolation`, `EditConflict` when someone else changed the record first,
/// `RecordNotFound`, and SQLite's own errors (disk full, busy beyond the timeout).
public struct RecordStore: Sendable {
    public let database: ApprovalsDatabase

    public init(database: ApprovalsDatabase) { self.database = database }

    // MARK: Reads

    /// A record by its identifier.
    public func record<R: StoredRecord>(_ type: R.Type, id: String) throws -> R {
        try database.pool.read { db in try StoreReader(db, cache: database.referenceCache).record(type, id: id) }
    }

    /// A record by the reference a person reads out (`SUB-L3S25-0042`, any case, spaces trimmed).
    public func record<R: StoredRecord>(_ type: R.Type, reference: String) throws -> R {
        let normalised = reference.trimmingCharacters(in: .whitespaces).uppercased()
        return try database.pool.read { db in
            guard let record = try RecordRows.load(type, reference: normalised, in: db) else {
                throw RecordNotFound(recordType: R.recordName, reference: normalised)
            }
            return record
        }
    }

    /// One page of records in the order they were created, after `cursor` (nil for the first page).
    public func page<R: StoredRecord>(_ type: R.Type, filter: RecordFilter = RecordFilter(), after cursor: PageCursor? = nil,
                                      limit: Int = 50) throws -> RecordPage<R> {
        try database.pool.read { db in try RecordPaging.page(type, filter: filter, after: cursor, limit: limit, in: db) }
    }

    /// Runs reads of several facts in one consistent snapshot.
    public func read<T>(_ body: (StoreReader) throws -> T) throws -> T {
        try database.pool.read { db in try body(StoreReader(db, cache: database.referenceCache)) }
    }

    // MARK: Writes

    /// Creates a record: allocates its identifier and reference inside the transaction, lets `make`
    /// build it (usually a domain `create`), inserts it at version 1 with its audit event.
    @discardableResult
    public func create<R: StoredRecord>(
        _ type: R.Type, referenceKind: RecordReference.Kind, scope: String,
        _ make: (_ id: String, _ reference: RecordReference, _ facts: StoreReader) throws -> Transition<R>
    ) throws -> R {
        try database.pool.write { db in
            let reference = try ReferenceAllocator.next(referenceKind, scope: scope, in: db)
            let transition = try make(RandomIdentifier.make(), reference, StoreReader(db, cache: database.referenceCache))
            try RecordRows.insert(transition.record, actorID: transition.audit.actorID.rawValue, in: db)
            try AuditChain.append(AuditEntry(transition.audit), in: db)
            return transition.record
        }
    }

    /// Changes a record the person loaded at `expectedVersion`: refuses at once with `EditConflict`
    /// if it has moved on, else lets `apply` (usually a domain transition) decide and commits the new
    /// state and its audit event, checking the version again in the UPDATE itself.
    @discardableResult
    public func change<R: StoredRecord>(
        _ type: R.Type, id: String, expectedVersion: Int,
        _ apply: (_ current: R, _ facts: StoreReader) throws -> Transition<R>
    ) throws -> R {
        try database.pool.write { db in
            let facts = StoreReader(db, cache: database.referenceCache)
            let current = try facts.record(type, id: id)
            guard current.storedVersion == expectedVersion else {
                throw EditConflict(recordType: R.recordName, reference: current.storedReference, expectedVersion: expectedVersion)
            }
            let transition = try apply(current, facts)
            try RecordRows.update(transition.record, expectedVersion: expectedVersion, previous: current,
                                  actorID: transition.audit.actorID.rawValue, in: db)
            try AuditChain.append(AuditEntry(transition.audit), in: db)
            return transition.record
        }
    }

    /// Commits a transition the caller computed from a record it loaded earlier. The stored record
    /// must still be at `transition.record.version - 1`, else `EditConflict`.
    public func commit<R: StoredRecord>(_ transition: Transition<R>) throws {
        try database.pool.write { db in
            let previous = try RecordRows.load(R.self, id: transition.record.storedID, in: db)
            try RecordRows.update(transition.record, expectedVersion: transition.record.storedVersion - 1,
                                  previous: previous, actorID: transition.audit.actorID.rawValue, in: db)
            try AuditChain.append(AuditEntry(transition.audit), in: db)
        }
    }

    /// Inserts a record made outside the domain's lifecycles (an organisation, a cycle, a specialist
    /// area) with the audit event that says who made it.
    public func insert<R: StoredRecord>(_ record: R, audit: AuditEntry) throws {
        try database.pool.write { db in
            try RecordRows.insert(record, actorID: audit.actorUserID, in: db)
            try AuditChain.append(audit, in: db)
        }
    }

    /// Replaces a record made outside the lifecycles, if it is still at `expectedVersion`.
    public func replace<R: StoredRecord>(_ record: R, expectedVersion: Int, audit: AuditEntry) throws {
        try database.pool.write { db in
            let previous = try RecordRows.load(R.self, id: record.storedID, in: db)
            try RecordRows.update(record, expectedVersion: expectedVersion, previous: previous, actorID: audit.actorUserID, in: db)
            try AuditChain.append(audit, in: db)
        }
    }

    // MARK: Audit trail

    /// Audit events after `sequence`, oldest first: the change feed DfE and Ofqual follow.
    public func auditEvents(after sequence: Int64, limit: Int = 50) throws -> [StoredAuditEvent] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_events WHERE sequence > ? ORDER BY sequence LIMIT ?",
                             arguments: [sequence, limit]).map { AuditChain.decode($0).0 }
        }
    }

    /// The history of one record, oldest first.
    public func history(recordType: RecordType, recordID: String) throws -> [StoredAuditEvent] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_events WHERE record_type = ? AND record_id = ? ORDER BY sequence",
                             arguments: [recordType.rawValue, recordID]).map { AuditChain.decode($0).0 }
        }
    }
}

extension RecordStore {
    /// A new random record identifier (for records made outside `create`, such as organisations).
    public static func newIdentifier() -> String { RandomIdentifier.make() }
}
