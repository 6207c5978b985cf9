import GRDB

/// Which records a list shows. Nil fields do not filter; a field the record's table lacks (a cycle
/// for an Ofqual note) is ignored.
public struct RecordFilter: Sendable, Equatable {
    public var organisationID: String?
    public var cycleID: String?
    public var states: [String]

    /// Every state but `draft`: what DfE and Ofqual may read.
    public static func submittedOnly<State: RawRepresentable & CaseIterable>(_ states: State.Type, organisationID: String? = nil,
                                                                           cycleID: String? = nil) -> RecordFilter
        where State.RawValue == String {
        RecordFilter(organisationID: organisationID, cycleID: cycleID, states: states.allCases.map(\.rawValue).filter { $0 != "draft" })
    }

    public init(organisationID: String? = nil, cycleID: String? = nil, states: [String] = []) {
        self.organisationID = organisationID
        self.cycleID = cycleID
        self.states = states
    }
}

/// Where the next page starts: opaque to callers (it is the last row's position, so a page stays
/// correct when rows are added while someone pages, unlike an offset).
public struct PageCursor: Sendable, Hashable, CustomStringConvertible {
    let position: Int64

    /// Reads a cursor from a query string; nil when it is not one of ours.
    public init?(_ text: String) {
        guard text.hasPrefix("c"), let position = Int64(text.dropFirst()), position >= 0 else { return nil }
        self.position = position
    }

    init(position: Int64) { self.position = position }

    public var description: String { "c\(position)" }
}

/// A page of records and the cursor of the next one (nil on the last page).
public struct RecordPage<R: StoredRecord>: Sendable {
    public let records: [R]
    public let next: PageCursor?
}

enum RecordPaging {
    static let columnsByTable: [String: Set<String>] = [
        "submissions": ["organisation_id", "cycle_id"], "proposals": ["organisation_id", "cycle_id"],
        "registrations_of_intent": ["organisation_id", "cycle_id"], "late_submission_exceptions": ["organisation_id", "cycle_id"],
        "reviews": ["organisation_id"], "ofqual_regulatory_notes": ["organisation_id"],
        "changes_after_approval": ["organisation_id"], "conflicts_of_interest": ["organisation_id"],
    ]

    /// The WHERE clause and its arguments for a filter and a cursor.
    static func conditions(_ table: String, filter: RecordFilter, after cursor: PageCursor?) -> (String, [any DatabaseValueConvertible]) {
        let available = columnsByTable[table] ?? []
        var conditions = ["rowid > ?"]
        var arguments: [any DatabaseValueConvertible] = [cursor?.position ?? 0]
        if let organisation = filter.organisationID, available.contains("organisation_id") {
            conditions.append("organisation_id = ?"); arguments.append(organisation)
        }
        if let cycle = filter.cycleID, available.contains("cycle_id") {
            conditions.append("cycle_id = ?"); arguments.append(cycle)
        }
        if !filter.states.isEmpty, !available.isEmpty {
            conditions.append("state IN (\(Array(repeating: "?", count: filter.states.count).joined(separator: ", ")))")
            arguments += filter.states as [any DatabaseValueConvertible]
        }
        return (conditions.joined(separator: " AND "), arguments)
    }

    static func page<R: StoredRecord>(_ type: R.Type, filter: RecordFilter, after cursor: PageCursor?, limit: Int,
                                      in db: Database) throws -> RecordPage<R> {
        let limit = max(1, min(limit, 500))
        let (conditions, arguments) = conditions(R.tableName, filter: filter, after: cursor)
        // One row more than the page tells whether there is a next page without a count query.
        let sql = "SELECT rowid, body FROM \(R.tableName) WHERE \(conditions) ORDER BY rowid LIMIT ?"
        let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments + [limit + 1]))
        let records = try rows.prefix(limit).map { try RecordBody.decode(R.self, from: $0["body"]) }
        let next = rows.count > limit ? PageCursor(position: rows[limit - 1]["rowid"]) : nil
        return RecordPage(records: records, next: next)
    }
}
