import Foundation
import GRDB

/// The read side of the JSON API for DfE and Ofqual: lists, single resources, the change feed and
/// documents, each read from the store's columns and child tables in one read transaction. Nothing
/// here can return an AO's draft: every query excludes the draft state, and submitted content is
/// read only from the immutable submission versions.
public struct APIReader: Sendable {
    public let database: ApprovalsDatabase

    public init(database: ApprovalsDatabase) { self.database = database }

    /// One page of `list` for `query`, in the list's stable order.
    public func page(_ list: APIList, _ query: APIListQuery) throws -> APIPage {
        let definition = list.definition
        let (sql, arguments, limit) = pageStatement(list, query)
        return try database.pool.read { db in
            // Cached per reader connection: the joins and subqueries of a list cost more to compile than
            // to run over a 50-row page, and a client paging through asks with the same text each time.
            let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
            let items = try rows.prefix(limit).map { try definition.item($0, db) }
            let next: Int64? = rows.count > limit ? rows[limit - 1]["position"] : nil
            return APIPage(items: items, nextAfter: next)
        }
    }

    /// The SQL of one page of `list` for `query` (position first, one row more than the page), its
    /// arguments, and the page's size.
    /// `select` replaces the list's own SELECT and `filters` some of its filter columns (the rows
    /// written straight to JSON read other tables); `grouping` adds a GROUP BY.
    func pageStatement(_ list: APIList, _ query: APIListQuery, select: String? = nil, filters: [APIFilter: String] = [:],
                       grouping: String? = nil) -> (sql: String, arguments: [any DatabaseValueConvertible], limit: Int) {
        let definition = list.definition
        let columns = definition.filters.merging(filters) { $1 }
        var conditions = definition.conditions + ["\(definition.position) > ?"]
        var arguments: [any DatabaseValueConvertible] = [query.after]
        func add(_ filter: APIFilter, _ value: (any DatabaseValueConvertible)?, comparison: String = "=") {
            guard let value, let column = columns[filter] else { return }
            // A filter that is a whole condition carries its own `?`.
            conditions.append(column.contains("?") ? column : "\(column) \(comparison) ?")
            arguments.append(value)
        }
        add(.organisation, query.organisationID)
        add(.cycle, query.cycleID)
        add(.level, query.level)
        add(.route, query.route)
        add(.status, query.status)
        add(.updatedSince, query.updatedSince.map(StoreTime.format), comparison: ">=")
        let limit = max(1, query.limit)
        let group = grouping.map { " GROUP BY \($0)" } ?? ""
        let sql = "\(select ?? definition.select) WHERE \(conditions.joined(separator: " AND "))\(group) ORDER BY \(definition.position) LIMIT ?"
        arguments.append(limit + 1)
        return (sql, arguments, limit)
    }

    /// One item of `list` whose `column` (the list's own alias, e.g. `x.id`) equals `value`; nil when
    /// there is none (or it is a draft).
    func item(_ list: APIList, where column: String, equals value: String) throws -> APIObject? {
        let definition = list.definition
        let conditions = definition.conditions + ["\(column) = ?"]
        let sql = "\(definition.select) WHERE \(conditions.joined(separator: " AND ")) LIMIT 1"
        return try database.pool.read { db in
            try Row.fetchOne(db, sql: sql, arguments: [value]).map { try definition.item($0, db) }
        }
    }

    public func cycle(id: String) throws -> APIObject? { try item(.cycles, where: "c.id", equals: id) }
    public func organisation(id: String) throws -> APIObject? { try item(.organisations, where: "o.id", equals: id) }
    public func registration(id: String) throws -> APIObject? { try item(.registrations, where: "x.id", equals: id) }
    public func proposal(id: String) throws -> APIObject? { try item(.proposals, where: "x.id", equals: id) }
    public func exception(id: String) throws -> APIObject? { try item(.exceptions, where: "x.id", equals: id) }
    public func decision(submissionID: String) throws -> APIObject? { try item(.decisions, where: "d.submission_id", equals: submissionID) }
}
