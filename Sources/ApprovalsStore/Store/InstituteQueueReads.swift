public import Approvals
import GRDB

// The staff queues and the home page's counts, answered by SQL: a page costs its 50 rows plus
// counts over indexes, not a decode of every record (issue 9: 600–850 ms p99 at the deadline peak
// when every request read and filtered the whole table in Swift).
extension RecordStore {
    /// Page `pageNumber` (from 1; beyond the end gives the last page) of `pageSize` rows, with the
    /// total, the counts per state and the organisations listed, in one read.
    public func instituteQueuePage(_ kind: InstituteQueueKind, _ query: InstituteQueueQuery, pageNumber: Int,
                                   pageSize: Int = 50) throws -> InstituteQueuePage {
        let sql = InstituteQueueSQL(kind: kind)
        let pageSize = max(1, min(pageSize, 500))
        return try database.pool.read { db in
            let (visible, visibleArguments) = sql.visible(query)
            var stateCounts: [String: Int] = [:]
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT q.state, count(*) AS n FROM \(sql.table) q WHERE \(visible) GROUP BY q.state"),
                                        arguments: StatementArguments(visibleArguments)) {
                stateCounts[row["state"]] = row["n"]
            }
            let (matching, arguments) = sql.matching(query)
            let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM \(sql.table) q WHERE \(matching)"),
                                         arguments: StatementArguments(arguments)) ?? 0
            let organisations = try String.fetchSet(db.cachedStatement(sql: "SELECT DISTINCT q.organisation_id FROM \(sql.table) q WHERE \(matching)"),
                                                    arguments: StatementArguments(arguments))
            let pageCount = max(1, (total + pageSize - 1) / pageSize)
            let page = min(max(1, pageNumber), pageCount)
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(sql.columns) FROM \(sql.table) q WHERE \(matching) ORDER BY \(sql.orderBy(query.order)) LIMIT ? OFFSET ?
                """), arguments: StatementArguments(arguments + [pageSize, (page - 1) * pageSize]))
            return InstituteQueuePage(total: total, stateCounts: stateCounts, organisationIDs: organisations,
                                      entries: rows.map(InstituteQueueSQL.entry), pageNumber: page, pageCount: pageCount)
        }
    }

    /// The matching rows after `cursor` (nil: from the first), at most `limit`, for an export that
    /// writes a chunk, lets the client read it, and asks for the next: never the whole list in memory.
    public func instituteQueueChunk(_ kind: InstituteQueueKind, _ query: InstituteQueueQuery, after cursor: InstituteQueueCursor?,
                                    limit: Int = 200) throws -> InstituteQueueChunk {
        let sql = InstituteQueueSQL(kind: kind)
        let limit = max(1, min(limit, 1000))
        var (matching, arguments) = sql.matching(query)
        var after = "1"
        if let cursor {
            switch query.order {
            case .created:
                matching += " AND q.rowid > ?"
                arguments.append(cursor.position)
            case .deadline:
                // Rows sort by (no deadline, deadline, reference): the row values continue after the last one.
                after = "(deadline IS NULL, coalesce(deadline, ''), reference) > (?, ?, ?)"
                arguments += [cursor.deadline == nil, cursor.deadline ?? "", cursor.reference] as [any DatabaseValueConvertible]
            }
        }
        let statement = """
            SELECT * FROM (SELECT \(sql.columns) FROM \(sql.table) q WHERE \(matching))
            WHERE \(after) ORDER BY \(sql.orderBy(query.order)) LIMIT ?
            """
        return try database.pool.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: statement), arguments: StatementArguments(arguments + [limit + 1]))
            let entries = rows.prefix(limit).map(InstituteQueueSQL.entry)
            return InstituteQueueChunk(entries: Array(entries), next: rows.count > limit ? entries.last?.cursor : nil)
        }
    }

    /// What waits for whom on the staff home page. `viewer` is the person signed in; records of
    /// `hiddenOrganisations` are not counted (a reviewer's declared conflicts), as they are not shown.
    public func instituteHomeCounts(viewer: UserID, hiddenOrganisations: Set<String>) throws -> InstituteHomeCounts {
        let hidden = hiddenOrganisations.sorted()
        let notHidden = hidden.isEmpty ? "" : " AND organisation_id NOT IN (\(InstituteQueueSQL.placeholders(hidden.count)))"
        return try database.pool.read { db in
            func count(_ table: String, _ condition: String, _ arguments: [any DatabaseValueConvertible]) throws -> Int {
                try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM \(table) WHERE \(condition)\(notHidden)"),
                                 arguments: StatementArguments(arguments + hidden)) ?? 0
            }
            var counts = InstituteHomeCounts()
            counts.proposalsAssignedWaitingFeedback = try count("proposals", "state IN ('submitted', 'in_review') AND assigned_reviewer_id = ?",
                                                                [viewer.rawValue])
            counts.submissionsAssignedInReview = try count(
                "submissions", "state IN ('submitted', 'in_review', 'clarification_requested') AND assigned_reviewer_id = ?", [viewer.rawValue])
            counts.proposalsWithoutReviewer = try count("proposals", "state = 'submitted' AND assigned_reviewer_id IS NULL", [])
            counts.submissionsWithoutReviewer = try count("submissions", "state = 'submitted' AND assigned_reviewer_id IS NULL", [])
            counts.submissionsRecommended = try count("submissions", "state = 'recommended'", [])
            // Every requested exception, as the list of exceptions shows them all.
            counts.exceptionsRequested = try Int.fetchOne(db.cachedStatement(
                sql: "SELECT count(*) FROM late_submission_exceptions WHERE state = 'requested'")) ?? 0
            return counts
        }
    }
}
