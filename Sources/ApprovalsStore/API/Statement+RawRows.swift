import GRDB
import GRDBSQLite

extension Statement {
    /// Runs this read-only statement with `arguments` bound and calls `row` with the raw statement
    /// on each row, until the rows end or `row` returns false; the statement is reset afterwards, so
    /// that it holds no read snapshot once done.
    ///
    /// For the API's busiest reads (a page, the change feed, the token check), which read columns
    /// through the C API anyway: GRDB's row cursor made a `Row` and read every column's name on each
    /// call, which cost more than a small statement's own work. Only for reads (GRDB's bookkeeping
    /// before a step is about transactions and observation of writes), on the connection's queue.
    func forEachRawRow(_ arguments: StatementArguments, _ row: (SQLiteStatement) throws -> Bool) throws {
        try setArguments(arguments)
        let statement = sqliteStatement
        defer { sqlite3_reset(statement) }
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW:
                guard try row(statement) else { return }
            case SQLITE_DONE:
                return
            case let code:
                let message = sqlite3_db_handle(statement).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
            }
        }
    }
}
