import GRDB

/// Turns the rows of the API's queries into API objects. Field names are snake_case throughout;
/// times are the store's ISO 8601 UTC text to the millisecond; `status` is the record's state.
enum APIRows {
    static func text(_ row: Row, _ column: String) -> APIValue {
        String.fromDatabaseValue(value(row, column)).map(APIValue.string) ?? .null
    }

    static func number(_ row: Row, _ column: String) -> APIValue {
        Int64.fromDatabaseValue(value(row, column)).map(APIValue.int) ?? .null
    }

    static func flag(_ row: Row, _ column: String) -> APIValue {
        Int64.fromDatabaseValue(value(row, column)).map { .bool($0 != 0) } ?? .null
    }

    /// The column's value, found by its exact name: GRDB's lookup by name ignores case, which costs
    /// two lowercased copies per column tried, and a 50-row page asks a thousand times. The queries
    /// here name their columns in lower case, so the exact match finds them; the fallback keeps
    /// GRDB's rule for anything else.
    static func value(_ row: Row, _ column: String) -> DatabaseValue {
        var index = 0
        for name in row.columnNames {
            if name == column { return row[index] }
            index += 1
        }
        return (row[column] as DatabaseValue?) ?? .null
    }

    static func list(_ text: String?) -> APIValue {
        .array((text ?? "").split(separator: ",").map { .string(String($0)) })
    }

    @Sendable static func cycle(_ row: Row, _ db: Database) throws -> APIObject {
        let id: String = row["id"]
        let windows = try Row.fetchAll(db.cachedStatement(sql: "SELECT kind, opens_at, closes_at FROM cycle_windows WHERE cycle_id = ? ORDER BY closes_at, kind"),
                                       arguments: [id]).map { window -> APIValue in
            .object(["kind": text(window, "kind"), "opens_at": text(window, "opens_at"), "closes_at": text(window, "closes_at")])
        }
        let categories = try String.fetchAll(db.cachedStatement(sql: "SELECT category_code FROM cycle_categories WHERE cycle_id = ? ORDER BY category_code"), arguments: [id])
        let routes = try String.fetchAll(db.cachedStatement(sql: "SELECT route_code FROM cycle_routes WHERE cycle_id = ? ORDER BY route_code"), arguments: [id])
        return ["id": .string(id), "code": text(row, "code"), "name": text(row, "name"), "level": number(row, "level"),
                "number": number(row, "number"), "first_teaching": text(row, "first_teaching"), "windows": .array(windows),
                "categories": .array(categories.map(APIValue.string)), "routes": .array(routes.map(APIValue.string))]
    }

    @Sendable static func route(_ row: Row, _ db: Database) throws -> APIObject {
        ["code": text(row, "code"), "name": text(row, "name"), "other_name": text(row, "other_names")]
    }

    @Sendable static func category(_ row: Row, _ db: Database) throws -> APIObject {
        ["code": text(row, "code"), "name": text(row, "name"),
         "levels": .array((row["levels"] as String? ?? "").split(separator: ",").compactMap { Int64($0) }.map(APIValue.int)),
         "age_groups": list(row["age_groups"]), "relation_to_standard": text(row, "relation_to_standard"),
         "proposal_first": text(row, "proposal_first"), "title_wording": text(row, "title_wording")]
    }

    @Sendable static func organisation(_ row: Row, _ db: Database) throws -> APIObject {
        ["id": text(row, "id"), "name": text(row, "name"), "ofqual_recognition_number": text(row, "ofqual_recognition_number"),
         "sector_subject_areas": list(row["ssas"])]
    }

    @Sendable static func standard(_ row: Row, _ db: Database) throws -> APIObject {
        ["reference": text(row, "reference"), "title": text(row, "title"), "level": number(row, "level"), "route": text(row, "route_code"),
         "standard_version": text(row, "standard_version"), "status": text(row, "status"), "cycle_id": text(row, "cycle_id"),
         "added_at": text(row, "added_at"), "removed_at": text(row, "removed_at")]
    }

    static func recordFields(_ row: Row) -> APIObject {
        ["id": text(row, "id"), "reference": text(row, "reference"), "organisation_id": text(row, "organisation_id"),
         "cycle_id": text(row, "cycle_id"), "status": text(row, "state"), "version": number(row, "version"),
         "created_at": text(row, "created_at"), "updated_at": text(row, "updated_at")]
    }

    @Sendable static func registration(_ row: Row, _ db: Database) throws -> APIObject {
        var object = recordFields(row)
        object["details"] = APIValue.fromDomainJSON(row["details"]) ?? .null
        return object
    }

    @Sendable static func proposal(_ row: Row, _ db: Database) throws -> APIObject {
        var object = recordFields(row)
        object["category"] = text(row, "category_code")
        object["intended_title"] = text(row, "intended_title")
        object["submitted_at"] = text(row, "submitted_at")
        // Feedback is released when it is issued: the row exists only from then on.
        object["feedback"] = (row["issued_at"] as String?) == nil ? .null : .object([
            "category_fit_and_need": text(row, "category_fit_and_need"),
            "duties_quality_and_relevance": text(row, "duties_quality_and_relevance"),
            "employer_demand_approach": text(row, "employer_demand_approach"), "issued_at": text(row, "issued_at"),
            "follow_up_requested": flag(row, "follow_up_requested"), "will_proceed": flag(row, "will_proceed"),
        ])
        return object
    }

    @Sendable static func submission(_ row: Row, _ db: Database) throws -> APIObject {
        var object = recordFields(row)
        object["title"] = text(row, "title")
        object["category"] = text(row, "category")
        object["level"] = number(row, "level")
        object["route"] = text(row, "route")
        object["latest_version"] = number(row, "latest_version")
        object["submitted_at"] = text(row, "submitted_at")
        object["changes_submission_id"] = text(row, "changes_submission_id")
        object["decision"] = (row["outcome"] as String?) == nil ? .null
            : .object(["outcome": text(row, "outcome"), "decided_at": text(row, "decided_at")])
        return object
    }

    @Sendable static func decision(_ row: Row, _ db: Database) throws -> APIObject {
        ["submission_id": text(row, "submission_id"), "reference": text(row, "reference"), "organisation_id": text(row, "organisation_id"),
         "cycle_id": text(row, "cycle_id"), "outcome": text(row, "outcome"), "reasons": text(row, "reasons"), "decided_at": text(row, "decided_at")]
    }

    @Sendable static func exception(_ row: Row, _ db: Database) throws -> APIObject {
        var object = recordFields(row)
        object["window"] = text(row, "window_kind")
        object["record_type"] = text(row, "record_type")
        object["record_id"] = text(row, "record_id")
        object["reason_kind"] = text(row, "reason_kind")
        object["new_deadline"] = text(row, "new_deadline")
        return object
    }
}
