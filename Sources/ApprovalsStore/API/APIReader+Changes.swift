import GRDB

/// A document that may be sent to an API client: it belongs to a submitted version.
public struct APIDocument: Sendable, Equatable {
    public let sha256: String
    public let mediaType: String
    public let byteCount: Int64
    public let path: String
}

extension APIReader {
    /// The record types the change feed carries: what DfE and Ofqual read, not accounts or sessions.
    /// Migration 0510's `change_feed_events` view says the same in SQL (the feed's fast path reads the
    /// items it keeps); a change to these lists or to `changesSQL` needs a migration changing it too.
    /// The most frequent first: the feed's test of an event stops at the first that matches.
    static let feedRecordTypes = ["submission", "review", "proposal", "registration_of_intent", "organisation", "cycle",
                                  "late_submission_exception", "change_after_approval"]

    /// The record types whose drafts are left out of the feed.
    static let draftRecordTypes = ["submission", "proposal", "registration_of_intent"]

    /// `record_type` is one of `types`, written as comparisons joined by OR: an `IN (...)` list of
    /// more than two made SQLite build a temporary b-tree of the list on every call (a fifth of the feed's
    /// statement time for a 50-event page). The unary `+` keeps SQLite off the
    /// `(record_type, record_id, sequence)` index, as before; `record_type` is never NULL, so the
    /// comparisons give the same rows as the list.
    static func recordType(in types: [String]) -> String {
        "(" + types.map { "+record_type = '\($0)'" }.joined(separator: " OR ") + ")"
    }

    /// The feed's query: events after a sequence (`?`), at most a number (`?`), in order. Kept off the
    /// record type index: through it, every event of those types ever written was read and sorted on
    /// each call; walking the table by sequence from the cursor stops after the page.
    static let changesSQL = """
        SELECT sequence, occurred_at, actor_role, record_type, record_id, record_reference, action, state_before, state_after
        FROM audit_events WHERE sequence > ? AND \(recordType(in: feedRecordTypes))
          AND NOT (\(recordType(in: draftRecordTypes)) AND action IN ('create', 'edit_draft'))
          AND coalesce(state_after, '') <> 'draft'
          AND NOT (coalesce(state_before, '') = 'draft' AND action = 'withdraw')
        ORDER BY sequence LIMIT ?
        """

    /// Audit events after `sequence`, in order, at most `limit` (plus whether more follow). Events
    /// about drafts are left out: creating and editing a draft, and withdrawing one never submitted.
    public func changes(after sequence: Int64, limit: Int) throws -> APIPage {
        return try database.pool.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: Self.changesSQL), arguments: [sequence, limit + 1])
            let items = rows.prefix(limit).map { row -> APIObject in
                ["sequence": APIRows.number(row, "sequence"), "occurred_at": APIRows.text(row, "occurred_at"),
                 "actor_role": APIRows.text(row, "actor_role"), "record_type": APIRows.text(row, "record_type"),
                 "record_id": APIRows.text(row, "record_id"), "record_reference": APIRows.text(row, "record_reference"),
                 "action": APIRows.text(row, "action"), "state_before": APIRows.text(row, "state_before"),
                 "state_after": APIRows.text(row, "state_after")]
            }
            let last: Int64? = rows.prefix(limit).last?["sequence"]
            return APIPage(items: items, nextAfter: rows.count > limit ? last : nil).withLast(last)
        }
    }

    /// The document with this SHA-256 if a submitted version holds it; nil otherwise (a file uploaded
    /// to a draft only is not the API's to give).
    public func document(sha256: String) throws -> APIDocument? {
        guard sha256.count == 64, sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        let row = try database.pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT sha256, media_type, byte_count FROM submission_version_documents WHERE sha256 = ? LIMIT 1
                """, arguments: [sha256])
        }
        guard let row else { return nil }
        return APIDocument(sha256: sha256, mediaType: row["media_type"], byteCount: row["byte_count"],
                           path: database.documents.url(forSHA256: sha256).path)
    }
}
