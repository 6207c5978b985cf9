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

    public init(record: String? = nil, actorUserID: String? = nil, action: String? = nil, from: Date? = nil, until: Date? = nil,
                before: Int64? = nil) {
        self.record = record
        self.actorUserID = actorUserID
        self.action = action
        self.from = from
        self.until = until
        self.before = before
    }
}

extension RecordStore {
    /// Audit events matching `search`, newest first, at most `limit`.
    public func auditEvents(matching search: AuditSearch, limit: Int = 100) throws -> [StoredAuditEvent] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let record = search.record?.trimmingCharacters(in: .whitespaces), !record.isEmpty {
            conditions.append("(record_reference = ? OR record_id = ?)")
            arguments += [record.uppercased(), record]
        }
        if let actor = search.actorUserID, !actor.isEmpty { conditions.append("actor_user_id = ?"); arguments.append(actor) }
        if let action = search.action, !action.isEmpty { conditions.append("action = ?"); arguments.append(action) }
        if let from = search.from { conditions.append("occurred_at >= ?"); arguments.append(StoreTime.format(from)) }
        if let until = search.until { conditions.append("occurred_at < ?"); arguments.append(StoreTime.format(until)) }
        if let before = search.before { conditions.append("sequence < ?"); arguments.append(before) }
        let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_events \(condition) ORDER BY sequence DESC LIMIT ?",
                             arguments: StatementArguments(arguments + [max(1, min(limit, 500))])).map { AuditChain.decode($0).0 }
        }
    }

    /// The distinct actions in the audit trail, for the filter's choices.
    public func auditActions() throws -> [String] {
        try database.pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT action FROM audit_events ORDER BY action") }
    }
}
