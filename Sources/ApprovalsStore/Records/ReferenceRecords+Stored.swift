public import Approvals
public import GRDB

// Records the administrators keep: organisations, cycles and specialist areas. They have no
// reference of their own, so messages name them by code or name.

extension Organisation: StoredRecord {
    public static var recordName: String { "organisation" }
    public static var tableName: String { "organisations" }
    public var storedID: String { id.rawValue }
    public var storedVersion: Int { version }
    public var storedReference: String { ofqualRecognitionNumber }
    public var storedColumns: [(String, (any DatabaseValueConvertible)?)] {
        [("name", name), ("ofqual_recognition_number", ofqualRecognitionNumber)]
    }

    public func writeProjections(_ db: Database, previous: Organisation?, actorID: String?) throws {
        guard ssaScope != previous?.ssaScope else { return }
        try db.execute(sql: "DELETE FROM organisation_ssa_scope WHERE organisation_id = ?", arguments: [id.rawValue])
        for area in ssaScope.sorted() {
            try db.execute(sql: "INSERT INTO organisation_ssa_scope (organisation_id, ssa_code) VALUES (?, ?)",
                           arguments: [id.rawValue, area.code])
        }
    }
}

extension Cycle: StoredRecord {
    public static var recordName: String { "cycle" }
    public static var tableName: String { "cycles" }
    public var storedID: String { id.rawValue }
    public var storedVersion: Int { version }
    public var storedReference: String { code }
    public var storedColumns: [(String, (any DatabaseValueConvertible)?)] {
        [("code", code), ("name", name), ("level", level.rawValue), ("number", number),
         ("first_teaching", firstTeaching.map { "\($0.year)-\($0.month < 10 ? "0" : "")\($0.month)" })]
    }

    /// Windows, categories, routes and the standards in scope, rewritten whenever they change.
    public func writeProjections(_ db: Database, previous: Cycle?, actorID: String?) throws {
        if windows != previous?.windows {
            try db.execute(sql: "DELETE FROM cycle_windows WHERE cycle_id = ?", arguments: [id.rawValue])
            let rows: [(String, TimeWindow?)] = [("registration_of_intent", windows.registrationOfIntent),
                                                 ("proposal", windows.proposal), ("submission", windows.submission)]
            for (kind, window) in rows {
                guard let window else { continue }
                try db.execute(sql: "INSERT INTO cycle_windows (cycle_id, kind, opens_at, closes_at) VALUES (?, ?, ?, ?)",
                               arguments: [id.rawValue, kind, StoreTime.format(window.opens), StoreTime.format(window.closes)])
            }
            if let due = windows.proposalFeedbackDue {
                try db.execute(sql: "INSERT INTO cycle_windows (cycle_id, kind, opens_at, closes_at) VALUES (?, 'proposal_feedback_due', NULL, ?)",
                               arguments: [id.rawValue, StoreTime.format(due)])
            }
        }
        if categories != previous?.categories || routes != previous?.routes {
            try db.execute(sql: "DELETE FROM cycle_categories WHERE cycle_id = ?", arguments: [id.rawValue])
            try db.execute(sql: "DELETE FROM cycle_routes WHERE cycle_id = ?", arguments: [id.rawValue])
            for category in categories.map(\.rawValue).sorted() {
                try db.execute(sql: "INSERT INTO cycle_categories (cycle_id, category_code) VALUES (?, ?)", arguments: [id.rawValue, category])
            }
            for route in routes.map(\.rawValue).sorted() {
                try db.execute(sql: "INSERT INTO cycle_routes (cycle_id, route_code) VALUES (?, ?)", arguments: [id.rawValue, route])
            }
        }
        if standardsInScope != previous?.standardsInScope {
            try db.execute(sql: "DELETE FROM cycle_standards WHERE cycle_id = ?", arguments: [id.rawValue])
            for entry in standardsInScope {
                try db.execute(sql: "INSERT INTO cycle_standards (cycle_id, standard_reference, added_at, removed_at) VALUES (?, ?, ?, ?)",
                               arguments: [id.rawValue, entry.standardReference, StoreTime.format(entry.addedAt),
                                           entry.removedAt.map(StoreTime.format)])
            }
        }
    }
}

extension SpecialistArea: StoredRecord {
    public static var recordName: String { "specialist area" }
    public static var tableName: String { "specialist_areas" }
    public var storedID: String { id.rawValue }
    public var storedVersion: Int { version }
    public var storedReference: String { name }
    public var storedColumns: [(String, (any DatabaseValueConvertible)?)] {
        [("name", name), ("route_code", route.rawValue)]
    }

    public func writeProjections(_ db: Database, previous: SpecialistArea?, actorID: String?) throws {
        guard self != previous else { return }
        for table in ["specialist_duties", "specialist_sub_areas", "specialist_area_standards"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE specialist_area_id = ?", arguments: [id.rawValue])
        }
        for reference in standardReferences {
            try db.execute(sql: "INSERT INTO specialist_area_standards (specialist_area_id, standard_reference) VALUES (?, ?)",
                           arguments: [id.rawValue, reference])
        }
        for subArea in subAreas {
            try db.execute(sql: "INSERT INTO specialist_sub_areas (specialist_area_id, name) VALUES (?, ?)", arguments: [id.rawValue, subArea])
        }
        for duty in duties {
            try db.execute(sql: "INSERT INTO specialist_duties (specialist_area_id, code, text, sub_area) VALUES (?, ?, ?, ?)",
                           arguments: [id.rawValue, duty.code, duty.text, duty.subArea])
        }
    }
}
