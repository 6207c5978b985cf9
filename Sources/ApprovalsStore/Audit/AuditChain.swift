import ContentHash
import Foundation
package import GRDB

/// The hash chain over the audit events. Each event's hash is SHA-256 of the previous event's hash
/// and of the event's own canonical content, so that changing, removing or reordering any event
/// (with the triggers dropped, or by editing the file) breaks every hash from that point on.
package enum AuditChain {
    /// The "previous hash" of the first event.
    static let genesis = String(repeating: "0", count: 64)

    /// The canonical content: every field in a fixed order, each as `name:length:value` with absent
    /// values written `name:-`, so that no two different events share a byte string.
    static func canonicalContent(sequence: Int64, occurredAt: String, entry: AuditEntry) -> String {
        func field(_ name: String, _ value: String?) -> String {
            guard let value else { return "\(name):-\n" }
            return "\(name):\(value.utf8.count):\(value)\n"
        }
        return field("sequence", String(sequence))
            + field("occurred_at", occurredAt)
            + field("actor_user_id", entry.actorUserID)
            + field("actor_role", entry.actorRole)
            + field("actor_organisation_id", entry.actorOrganisationID)
            + field("record_type", entry.recordType)
            + field("record_id", entry.recordID)
            + field("record_reference", entry.recordReference)
            + field("action", entry.action)
            + field("state_before", entry.stateBefore)
            + field("state_after", entry.stateAfter)
            + field("reason", entry.reason)
            + field("details", entry.details)
    }

    package static func hash(previous: String, sequence: Int64, occurredAt: String, entry: AuditEntry) -> String {
        let hasher = SHA256Hasher()
        hasher.update(Array(previous.utf8))
        hasher.update(Array(canonicalContent(sequence: sequence, occurredAt: occurredAt, entry: entry).utf8))
        return hasher.finalizeHex()
    }

    /// Appends one event inside the caller's transaction. The write lock SQLite holds for that
    /// transaction is what makes "read the last hash, insert the next" safe against other writers.
    @discardableResult
    package static func append(_ entry: AuditEntry, in db: Database) throws -> StoredAuditEvent {
        let last = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1")
        let previous: String = last?["hash"] ?? genesis
        let sequence: Int64 = (last?["sequence"] ?? 0) + 1
        let occurredAt = StoreTime.format(entry.occurredAt)
        let hash = hash(previous: previous, sequence: sequence, occurredAt: occurredAt, entry: entry)
        let statement = try db.cachedStatement(sql: """
            INSERT INTO audit_events (sequence, occurred_at, actor_user_id, actor_role, actor_organisation_id,
                record_type, record_id, record_reference, action, state_before, state_after, reason, details,
                previous_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            sequence, occurredAt, entry.actorUserID, entry.actorRole, entry.actorOrganisationID, entry.recordType, entry.recordID,
            entry.recordReference, entry.action, entry.stateBefore, entry.stateAfter, entry.reason, entry.details,
            previous, hash,
        ])
        return StoredAuditEvent(sequence: sequence, entry: entry, previousHash: previous, hash: hash)
    }

    static func decode(_ row: Row) -> (StoredAuditEvent, occurredAtText: String) {
        let occurredAtText: String = row["occurred_at"]
        let entry = AuditEntry(
            occurredAt: StoreTime.parse(occurredAtText) ?? .distantPast,
            actorUserID: row["actor_user_id"], actorRole: row["actor_role"],
            actorOrganisationID: row["actor_organisation_id"], recordType: row["record_type"],
            recordID: row["record_id"], recordReference: row["record_reference"], action: row["action"],
            stateBefore: row["state_before"], stateAfter: row["state_after"], reason: row["reason"],
            details: row["details"])
        return (StoredAuditEvent(sequence: row["sequence"], entry: entry, previousHash: row["previous_hash"], hash: row["hash"]),
                occurredAtText)
    }
}
