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
    /// Writes the `items` array of one page of `list` from the items SQLite keeps written, for the
    /// lists that have them (submissions and approved qualifications, the ones read most); nil, with
    /// nothing written, for the others (the caller builds those as `APIValue`s). One statement, so
    /// SQLite's own statement snapshot is the page's consistency: no transaction is opened around it.
    /// Read on the API's own connections (`APIReadConnections`), not the pool.
    public func writePage(_ list: APIList, _ query: APIListQuery, into json: inout APIJSON) throws -> APIPageEnd? {
        guard list == .submissions || list == .approvedQualifications else { return nil }
        // Without a level filter the cycle is not read: every submission has one (a foreign key the
        // store enforces), so the inner join kept every row and cost a seek per row for nothing.
        let select = query.level == nil ? Self.submissionRowsSelectWithoutCycle : Self.submissionRowsSelect
        let (sql, arguments, limit) = pageStatement(list, query, select: select, filters: [.route: "x.route"])
        return try database.apiReads.read { connection in
            try write(sql, arguments, on: connection, limit: limit, into: &json)
        }
    }

    /// The submissions list as written items: each row's `item` from `submission_list_rows`
    /// (migration 0500), the JSON SQLite keeps there in the transaction of every version, submission
    /// update and decision, in list order. One short scan and one copy a row, where reading
    /// `submissions` (a 4 KB row each), seeking the latest version and the decision, and writing 16
    /// fields cost three seeks and sixteen conversions a row. Same rows, same order, same bytes as the
    /// general path: a submission has a row exactly when it has a version, and `x.rowid` is the row's
    /// position, the submission's own rowid. The filters read the row's own columns.
    static let submissionRowsSelect = """
        SELECT x.position, x.item FROM submission_list_rows x JOIN cycles c ON c.id = x.cycle_id
        """

    /// `submissionRowsSelect` without the cycles table, for a page that does not filter on the level.
    static let submissionRowsSelectWithoutCycle = submissionRowsSelect.replacingOccurrences(of: " JOIN cycles c ON c.id = x.cycle_id", with: "")

    /// Writes the `items` array of the change feed after `sequence` (the same events as `changes`):
    /// each event's JSON as SQLite wrote it when the event was appended (`change_feed_items`,
    /// migration 0510), in order.
    public func writeChanges(after sequence: Int64, limit: Int, into json: inout APIJSON) throws -> APIPageEnd {
        try database.apiReads.read { connection in
            try write(Self.changeItemsSQL, [sequence, limit + 1], on: connection, limit: limit, into: &json)
        }
    }

    static let changeItemsSQL = "SELECT sequence, item FROM change_feed_items WHERE sequence > ? ORDER BY sequence LIMIT ?"

    /// `[item,item,...]` for the first `limit` rows; one row more tells whether a next page exists.
    /// Column 0 of every statement here is the row's position, column 1 its item's JSON.
    private func write(_ sql: String, _ arguments: [any DatabaseValueConvertible], on connection: APIReadConnection,
                       limit: Int, into json: inout APIJSON) throws -> APIPageEnd {
        var count = 0
        var last: Int64?
        var more = false
        json.raw("[")
        try connection.forEachRow(sql, arguments) { sqlite in
            if count == limit { more = true; return false }
            if count > 0 { json.raw(",") }
            json.json(sqlite, 1)
            last = sqlite3_column_int64(sqlite, 0)
            count += 1
            return true
        }
        json.raw("]")
        return APIPageEnd(nextAfter: more ? last : nil, last: last)
    }
}
