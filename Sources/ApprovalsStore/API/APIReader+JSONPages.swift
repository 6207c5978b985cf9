import Foundation
import GRDB
import GRDBSQLite

/// Where a page written as JSON ends: the position to pass as `after` for the next page (nil on the
/// last page) and the position of its last item (the change feed resumes there).
public struct APIPageEnd: Sendable, Equatable {
    public let nextAfter: Int64?
    public let last: Int64?
}

extension APIReader {
    /// Writes the `items` array of one page of `list` straight from the rows, for the lists that
    /// have a row writer (submissions and approved qualifications, the ones read most); nil, with
    /// nothing written, for the others (the caller builds those as `APIValue`s). One statement, so
    /// SQLite's own statement snapshot is the page's consistency: no transaction is opened around it.
    public func writePage(_ list: APIList, _ query: APIListQuery, into json: inout APIJSON) throws -> APIPageEnd? {
        guard list == .submissions || list == .approvedQualifications else { return nil }
        // Without a level filter the cycle is not read: every submission has one (a foreign key the
        // store enforces), so the inner join kept every row and cost a seek per row for nothing.
        let select = query.level == nil ? Self.submissionRowsSelectWithoutCycle : Self.submissionRowsSelect
        let (sql, arguments, limit) = pageStatement(list, query, select: select, filters: [.route: "x.route"])
        return try database.pool.unsafeRead { db in
            let statement = try db.cachedStatement(sql: sql)
            let columns = SubmissionColumns(statement.columnNames)
            return try write(statement, StatementArguments(arguments), limit: limit, into: &json) { sqlite, json in
                columns.write(sqlite, into: &json)
            }
        }
    }

    /// The submissions list for rows written by `SubmissionColumns`: every field from
    /// `submission_list_rows` (migration 0500, kept by triggers in the transaction of every version,
    /// submission update and decision), one short scan in list order, where reading `submissions`
    /// (a 4 KB row each) and seeking the latest version and the decision cost three seeks a row.
    /// Same rows, same order, same values as the general path's joins: a submission has a row exactly
    /// when it has a version, and `x.rowid` is the row's position, the submission's own rowid.
    static let submissionRowsSelect = """
        SELECT x.position, x.submission_id AS id, x.reference, x.organisation_id, x.cycle_id, x.state, x.version,
          x.created_at, x.updated_at, x.changes_submission_id, x.latest_version, x.title, x.submitted_at, x.category,
          x.level, x.route, x.outcome, x.decided_at
        FROM submission_list_rows x JOIN cycles c ON c.id = x.cycle_id
        """

    /// `submissionRowsSelect` without the cycles table, for a page that does not filter on the level.
    static let submissionRowsSelectWithoutCycle = submissionRowsSelect.replacingOccurrences(of: " JOIN cycles c ON c.id = x.cycle_id", with: "")

    /// Writes the `items` array of the change feed after `sequence` (the same events as `changes`).
    public func writeChanges(after sequence: Int64, limit: Int, into json: inout APIJSON) throws -> APIPageEnd {
        try database.pool.unsafeRead { db in
            let statement = try db.cachedStatement(sql: Self.changesSQL)
            let columns = ChangeColumns(statement.columnNames)
            return try write(statement, [sequence, limit + 1], limit: limit, into: &json) { sqlite, json in
                columns.write(sqlite, into: &json)
            }
        }
    }

    /// `[item,item,...]` for the first `limit` rows; one row more tells whether a next page exists.
    /// Column 0 of every statement here is the row's position.
    private func write(_ statement: Statement, _ arguments: StatementArguments, limit: Int, into json: inout APIJSON,
                       item: (SQLiteStatement, inout APIJSON) throws -> Void) throws -> APIPageEnd {
        var count = 0
        var last: Int64?
        var more = false
        json.raw("[")
        try statement.forEachRawRow(arguments) { sqlite in
            if count == limit { more = true; return false }
            if count > 0 { json.raw(",") }
            try item(sqlite, &json)
            last = sqlite3_column_int64(sqlite, 0)
            count += 1
            return true
        }
        json.raw("]")
        return APIPageEnd(nextAfter: more ? last : nil, last: last)
    }
}

/// Where each field of a submission list item is among the list query's columns, and how the item
/// is written: keys in sorted order, as `APIRows.submission` then `APIValue.jsonBytes` give them.
struct SubmissionColumns {
    let category, changesSubmissionID, createdAt, cycleID, decidedAt, outcome, id, latestVersion, level: Int32
    let organisationID, reference, route, state, submittedAt, title, updatedAt, version: Int32

    init(_ names: [String]) {
        func at(_ name: String) -> Int32 { Int32(names.firstIndex(of: name) ?? -1) }
        (category, changesSubmissionID, createdAt, cycleID) = (at("category"), at("changes_submission_id"), at("created_at"), at("cycle_id"))
        (decidedAt, outcome, id, latestVersion, level) = (at("decided_at"), at("outcome"), at("id"), at("latest_version"), at("level"))
        (organisationID, reference, route, state) = (at("organisation_id"), at("reference"), at("route"), at("state"))
        (submittedAt, title, updatedAt, version) = (at("submitted_at"), at("title"), at("updated_at"), at("version"))
    }

    func write(_ row: SQLiteStatement, into json: inout APIJSON) {
        json.text("{\"category\":", row, category)
        json.text(",\"changes_submission_id\":", row, changesSubmissionID)
        json.text(",\"created_at\":", row, createdAt)
        json.text(",\"cycle_id\":", row, cycleID)
        // The decision exists once the outcome does (a left join), as `APIRows.submission` reads it.
        if sqlite3_column_type(row, outcome) == SQLITE_TEXT {
            json.text(",\"decision\":{\"decided_at\":", row, decidedAt)
            json.text(",\"outcome\":", row, outcome)
            json.raw("}")
        } else {
            json.raw(",\"decision\":null")
        }
        json.text(",\"id\":", row, id)
        json.integer(",\"latest_version\":", row, latestVersion)
        json.integer(",\"level\":", row, level)
        json.text(",\"organisation_id\":", row, organisationID)
        json.text(",\"reference\":", row, reference)
        json.text(",\"route\":", row, route)
        json.text(",\"status\":", row, state)
        json.text(",\"submitted_at\":", row, submittedAt)
        json.text(",\"title\":", row, title)
        json.text(",\"updated_at\":", row, updatedAt)
        json.integer(",\"version\":", row, version)
        json.raw("}")
    }
}

/// Where each field of a change feed event is among the feed query's columns, written in sorted
/// key order as `changes` then `APIValue.jsonBytes` give them.
struct ChangeColumns {
    let action, actorRole, occurredAt, recordID, recordReference, recordType, sequence, stateAfter, stateBefore: Int32

    init(_ names: [String]) {
        func at(_ name: String) -> Int32 { Int32(names.firstIndex(of: name) ?? -1) }
        (action, actorRole, occurredAt, recordID, recordReference) = (at("action"), at("actor_role"), at("occurred_at"), at("record_id"), at("record_reference"))
        (recordType, sequence, stateAfter, stateBefore) = (at("record_type"), at("sequence"), at("state_after"), at("state_before"))
    }

    func write(_ row: SQLiteStatement, into json: inout APIJSON) {
        json.text("{\"action\":", row, action)
        json.text(",\"actor_role\":", row, actorRole)
        json.text(",\"occurred_at\":", row, occurredAt)
        json.text(",\"record_id\":", row, recordID)
        json.text(",\"record_reference\":", row, recordReference)
        json.text(",\"record_type\":", row, recordType)
        json.integer(",\"sequence\":", row, sequence)
        json.text(",\"state_after\":", row, stateAfter)
        json.text(",\"state_before\":", row, stateBefore)
        json.raw("}")
    }
}
