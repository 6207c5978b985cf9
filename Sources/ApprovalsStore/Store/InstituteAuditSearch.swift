public import Foundation
import GRDB

/// Which audit events the Institute's audit page asks for; nil or empty fields do not filter.
public struct AuditSearch: Sendable, Equatable {
    /// A record's reference (`SUB-L3S25-0042`) or identifier.
    public var record: String?
    public var actorUserID: String?
    public var action: String?
    public var from: Date?
    /// Exclusive.
    public var until: Date?
    /// Events before this sequence number (the next page going back in time).
    public var before: Int64?
    /// Events after this sequence number (the previous page, coming forward in time); `before` wins.
    public var after: Int64?
    /// Organisations whose events the viewer may not see: a reviewer's declared conflicts hide the
    /// events their users made and the events about their records.
    public var hiddenOrganisations: Set<String> = []

    public init(record: String? = nil, actorUserID: String? = nil, action: String? = nil, from: Date? = nil, until: Date? = nil,
                before: Int64? = nil, after: Int64? = nil, hiddenOrganisations: Set<String> = []) {
        self.record = record
        self.actorUserID = actorUserID
        self.action = action
        self.from = from
        self.until = until
        self.before = before
        self.after = after
        self.hiddenOrganisations = hiddenOrganisations
    }
}

/// A page of the audit trail, newest first, and whether there are newer and older events matching.
public struct AuditEventPage: Sendable {
    public let events: [StoredAuditEvent]
    /// The sequence to page forward from (`after`), when newer events match.
    public let newerAfter: Int64?
    /// The sequence to page back from (`before`), when older events match.
    public let olderBefore: Int64?
}

extension RecordStore {
    /// Audit events matching `search`, newest first, at most `limit`.
    public func auditEvents(matching search: AuditSearch, limit: Int = 100) throws -> [StoredAuditEvent] {
        try auditEventPage(matching: search, limit: limit).events
    }

    /// A page of at most `limit` events matching `search`, newest first, paged by sequence number:
    /// each filter reads its own index (Migrations/0300) newest first, so a page costs its rows.
    public func auditEventPage(matching search: AuditSearch, limit: Int = 50) throws -> AuditEventPage {
        let limit = max(1, min(limit, 500))
        let (condition, arguments) = Self.auditConditions(search)
        let backwards = search.before != nil || search.after == nil
        let bound: (String, [any DatabaseValueConvertible]) = if let before = search.before {
            ("sequence < ?", [before])
        } else if let after = search.after {
            ("sequence > ?", [after])
        } else {
            ("1", [])
        }
        return try database.pool.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM audit_events a WHERE \(condition) AND \(bound.0) ORDER BY sequence \(backwards ? "DESC" : "ASC") LIMIT ?
                """), arguments: StatementArguments(arguments + bound.1 + [limit + 1]))
            var events = rows.prefix(limit).map { AuditChain.decode($0).0 }
            let more = rows.count > limit
            if !backwards { events.reverse() }
            guard let newest = events.first?.sequence, let oldest = events.last?.sequence else {
                return AuditEventPage(events: [], newerAfter: nil, olderBefore: nil)
            }
            func exists(_ bound: String, _ sequence: Int64) throws -> Bool {
                try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM audit_events a WHERE \(condition) AND \(bound))"),
                                  arguments: StatementArguments(arguments + [sequence])) ?? false
            }
            let newer = backwards ? try exists("sequence > ?", newest) : more
            let older = backwards ? more : try exists("sequence < ?", oldest)
            return AuditEventPage(events: events, newerAfter: newer ? newest : nil, olderBefore: older ? oldest : nil)
        }
    }

    static func auditConditions(_ search: AuditSearch) -> (String, [any DatabaseValueConvertible]) {
        var conditions: [String] = ["1"]
        var arguments: [any DatabaseValueConvertible] = []
        if let record = search.record?.trimmingCharacters(in: .whitespaces), !record.isEmpty {
            conditions.append("(a.record_reference = ? OR a.record_id = ?)")
            arguments += [record.uppercased(), record]
        }
        if let actor = search.actorUserID, !actor.isEmpty { conditions.append("a.actor_user_id = ?"); arguments.append(actor) }
        if let action = search.action, !action.isEmpty { conditions.append("a.action = ?"); arguments.append(action) }
        if let from = search.from { conditions.append("a.occurred_at >= ?"); arguments.append(StoreTime.format(from)) }
        if let until = search.until { conditions.append("a.occurred_at < ?"); arguments.append(StoreTime.format(until)) }
        if !search.hiddenOrganisations.isEmpty {
            let hidden = search.hiddenOrganisations.sorted()
            let list = Array(repeating: "?", count: hidden.count).joined(separator: ", ")
            conditions.append("(a.actor_organisation_id IS NULL OR a.actor_organisation_id NOT IN (\(list)))")
            arguments += hidden as [any DatabaseValueConvertible]
            // The records that belong to an organisation, looked up by primary key for the rows read.
            for (type, table) in [("submission", "submissions"), ("proposal", "proposals"), ("review", "reviews"),
                                  ("late_submission_exception", "late_submission_exceptions"), ("registration_of_intent", "registrations_of_intent")] {
                conditions.append("NOT (a.record_type = '\(type)' AND EXISTS (SELECT 1 FROM \(table) o WHERE o.id = a.record_id AND o.organisation_id IN (\(list))))")
                arguments += hidden as [any DatabaseValueConvertible]
            }
        }
        return (conditions.joined(separator: " AND "), arguments)
    }

    /// The distinct actions in the audit trail, for the filter's choices: a skip through the index of
    /// actions, one step per action, however long the trail.
    public func auditActions() throws -> [String] {
        try database.pool.read { db in
            try String.fetchAll(db.cachedStatement(sql: """
                WITH RECURSIVE actions(action) AS (
                    SELECT min(action) FROM audit_events
                    UNION ALL
                    SELECT (SELECT min(action) FROM audit_events WHERE action > actions.action) FROM actions WHERE actions.action IS NOT NULL
                )
                SELECT action FROM actions WHERE action IS NOT NULL
                """))
        }
    }
}
