import GRDB

/// A filter a list may support. Each list names the column each filter applies to; the web layer
/// refuses a filter the list lacks (400) rather than ignoring it.
public enum APIFilter: String, Sendable, Hashable, CaseIterable {
    case organisation, cycle, level, route, status, updatedSince = "updated_since"
}

/// The lists of the API, each a query over the store's columns in a stable order (the row's position
/// in its table, which never changes), never over an AO's draft.
public enum APIList: String, Sendable, Hashable, CaseIterable {
    case cycles, routes, categories, organisations, standards
    case registrations, proposals, submissions, decisions, exceptions
    case approvedQualifications = "approved_qualifications"

    struct Definition: Sendable {
        /// `SELECT <position> AS position, ... FROM ...` without WHERE.
        let select: String
        let conditions: [String]
        let filters: [APIFilter: String]
        let position: String
        let item: @Sendable (Row, Database) throws -> APIObject
    }

    /// The filters this list accepts.
    public var filters: Set<APIFilter> { Self.acceptedFilters[self] ?? [] }

    /// Each list's definition and filters, made once: building them (SQL text, dictionaries) on
    /// every call cost more than a page's own statement set-up.
    private static let definitions = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.makeDefinition()) })
    private static let acceptedFilters = definitions.mapValues { Set($0.filters.keys) }

    var definition: Definition { Self.definitions[self] ?? makeDefinition() }

    /// The names of the scalar fields, in order: the CSV columns.
    public var csvColumns: [String] { Self.columns[self] ?? [] }

    private func makeDefinition() -> Definition {
        switch self {
        case .cycles:
            Definition(select: "SELECT c.rowid AS position, c.id, c.code, c.name, c.level, c.number, c.first_teaching FROM cycles c",
                       conditions: [], filters: [.level: "c.level"], position: "c.rowid", item: APIRows.cycle)
        case .routes:
            Definition(select: "SELECT r.rowid AS position, r.code, r.name, r.other_names FROM routes r",
                       conditions: [], filters: [:], position: "r.rowid", item: APIRows.route)
        case .categories:
            Definition(select: "SELECT g.rowid AS position, g.* FROM categories g",
                       conditions: [], filters: [:], position: "g.rowid", item: APIRows.category)
        case .organisations:
            Definition(select: """
                SELECT o.rowid AS position, o.id, o.name, o.ofqual_recognition_number,
                  (SELECT group_concat(ssa_code, ',') FROM (SELECT ssa_code FROM organisation_ssa_scope WHERE organisation_id = o.id ORDER BY ssa_code)) AS ssas
                FROM organisations o
                """, conditions: [], filters: [:], position: "o.rowid", item: APIRows.organisation)
        case .standards:
            Definition(select: """
                SELECT cs.id AS position, cs.cycle_id, cs.added_at, cs.removed_at, s.reference, s.title, s.level, s.route_code,
                  s.standard_version, s.status FROM cycle_standards cs JOIN standards s ON s.reference = cs.standard_reference
                """, conditions: [], filters: [.cycle: "cs.cycle_id", .level: "s.level", .route: "s.route_code", .status: "s.status"],
                       position: "cs.id", item: APIRows.standard)
        case .registrations:
            Definition(select: """
                SELECT x.rowid AS position, x.id, x.reference, x.organisation_id, x.cycle_id, x.state, x.version, x.created_at,
                  x.updated_at, json_extract(x.body, '$.details') AS details FROM registrations_of_intent x JOIN cycles c ON c.id = x.cycle_id
                """, conditions: ["x.state <> 'draft'", "json_extract(x.body, '$.registeredAt') IS NOT NULL"],
                       filters: Self.recordFilters.merging([.route: Self.registrationRoute]) { $1 },
                       position: "x.rowid", item: APIRows.registration)
        case .proposals:
            Definition(select: """
                SELECT x.rowid AS position, x.id, x.reference, x.organisation_id, x.cycle_id, x.state, x.category_code, x.intended_title,
                  x.submitted_at, x.version, x.created_at, x.updated_at, f.category_fit_and_need, f.duties_quality_and_relevance,
                  f.employer_demand_approach, f.issued_at, f.follow_up_requested, f.will_proceed
                FROM proposals x JOIN cycles c ON c.id = x.cycle_id LEFT JOIN proposal_feedback f ON f.proposal_id = x.id
                """, conditions: ["x.state <> 'draft'", "x.submitted_at IS NOT NULL"],
                       filters: Self.recordFilters.merging([.route: "json_extract(x.body, '$.content.route')"]) { $1 }, position: "x.rowid",
                       item: APIRows.proposal)
        case .submissions, .approvedQualifications:
            Definition(select: """
                SELECT x.rowid AS position, x.id, x.reference, x.organisation_id, x.cycle_id, x.state, x.version, x.created_at,
                  x.updated_at, x.changes_submission_id, v.number AS latest_version, v.title, v.submitted_at,
                  json_extract(v.content, '$.category') AS category, json_extract(v.content, '$.level') AS level,
                  json_extract(v.content, '$.route') AS route, d.outcome, d.decided_at
                FROM submissions x JOIN cycles c ON c.id = x.cycle_id
                JOIN submission_versions v ON v.submission_id = x.id
                  AND v.number = (SELECT max(number) FROM submission_versions WHERE submission_id = x.id)
                LEFT JOIN decisions d ON d.submission_id = x.id
                """, conditions: self == .approvedQualifications ? ["x.state = 'approved'"] : ["x.state <> 'draft'"],
                       filters: [.organisation: "x.organisation_id", .cycle: "x.cycle_id", .level: "c.level",
                                 .route: "json_extract(v.content, '$.route')", .status: "x.state", .updatedSince: "x.updated_at"],
                       position: "x.rowid", item: APIRows.submission)
        case .decisions:
            Definition(select: """
                SELECT d.rowid AS position, d.submission_id, x.reference, x.organisation_id, x.cycle_id, d.outcome, d.reasons, d.decided_at
                FROM decisions d JOIN submissions x ON x.id = d.submission_id JOIN cycles c ON c.id = x.cycle_id
                """, conditions: [], filters: [.organisation: "x.organisation_id", .cycle: "x.cycle_id", .level: "c.level",
                                               .status: "d.outcome", .updatedSince: "d.decided_at"],
                       position: "d.rowid", item: APIRows.decision)
        case .exceptions:
            Definition(select: """
                SELECT x.rowid AS position, x.id, x.reference, x.organisation_id, x.cycle_id, x.window_kind, x.record_type,
                  \(Self.recordIDUnlessDraft) AS record_id,
                  x.state, x.new_deadline, x.version, x.created_at, x.updated_at, json_extract(x.body, '$.reasonKind') AS reason_kind
                FROM late_submission_exceptions x JOIN cycles c ON c.id = x.cycle_id
                """, conditions: [], filters: Self.recordFilters, position: "x.rowid", item: APIRows.exception)
        }
    }

    /// An exception may be lodged for a record the AO has not yet submitted: the exception is shown,
    /// but the record's identifier is not (null) until the record itself is submitted, and stays
    /// hidden for a draft withdrawn without ever being submitted.
    static let recordIDUnlessDraft = """
        CASE WHEN EXISTS (SELECT 1 FROM submissions s WHERE s.id = x.record_id
                          AND NOT EXISTS (SELECT 1 FROM submission_versions v WHERE v.submission_id = s.id))
               OR EXISTS (SELECT 1 FROM proposals WHERE id = x.record_id AND submitted_at IS NULL)
               OR EXISTS (SELECT 1 FROM registrations_of_intent WHERE id = x.record_id AND state = 'draft')
             THEN NULL ELSE x.record_id END
        """

    /// A registration names standards, not a route: it is on a route when one of the standards its
    /// intended qualifications build on is. A whole condition (it holds the `?`), not a column.
    static let registrationRoute = """
        EXISTS (SELECT 1 FROM json_each(x.body, '$.details.qualifications') q, json_each(q.value, '$.standardReferences') r
                JOIN standards s ON s.reference = r.value WHERE s.route_code = ?)
        """

    static let recordFilters: [APIFilter: String] = [
        .organisation: "x.organisation_id", .cycle: "x.cycle_id", .level: "c.level", .status: "x.state", .updatedSince: "x.updated_at",
    ]

    static let columns: [APIList: [String]] = [
        .cycles: ["id", "code", "name", "level", "number", "first_teaching"],
        .routes: ["code", "name", "other_name"],
        .categories: ["code", "name", "relation_to_standard", "proposal_first", "title_wording"],
        .organisations: ["id", "name", "ofqual_recognition_number"],
        .standards: ["reference", "title", "level", "route", "standard_version", "status", "cycle_id", "added_at", "removed_at"],
        .registrations: ["id", "reference", "organisation_id", "cycle_id", "status", "version", "created_at", "updated_at"],
        .proposals: ["id", "reference", "organisation_id", "cycle_id", "status", "category", "intended_title", "submitted_at", "updated_at"],
        .submissions: ["id", "reference", "organisation_id", "cycle_id", "status", "title", "category", "level", "route",
                       "latest_version", "submitted_at", "updated_at"],
        .approvedQualifications: ["id", "reference", "organisation_id", "cycle_id", "status", "title", "category", "level", "route",
                                  "latest_version", "submitted_at", "updated_at"],
        .decisions: ["submission_id", "reference", "organisation_id", "cycle_id", "outcome", "decided_at"],
        .exceptions: ["id", "reference", "organisation_id", "cycle_id", "window", "record_type", "record_id", "status",
                      "reason_kind", "new_deadline", "updated_at"],
    ]
}
