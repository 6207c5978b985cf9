import Approvals
import GRDB

/// Occupational standards and their KSBs, kept in plain columns (no JSON body): they are reference
/// data imported from CSV and read by every submission check.
enum StandardRows {
    static func load(_ reference: String, in db: Database) throws -> OccupationalStandard? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM standards WHERE reference = ?"), arguments: [reference]),
              let route = Route(rawValue: row["route_code"]),
              let status = OccupationalStandard.Status(rawValue: row["status"])
        else { return nil }
        let ksbs = try Row.fetchAll(db.cachedStatement(sql: "SELECT code, kind, text FROM standard_ksbs WHERE standard_reference = ? ORDER BY position"),
                                    arguments: [reference]).compactMap { row -> KSB? in
            guard let kind = KSB.Kind(rawValue: row["kind"]) else { return nil }
            return KSB(code: row["code"], kind: kind, text: row["text"])
        }
        return OccupationalStandard(reference: reference, title: row["title"], level: row["level"], route: route,
                                    version: row["standard_version"], status: status, ksbs: ksbs)
    }

    /// Inserts or replaces a standard and its KSBs. Returns true when it was new.
    @discardableResult
    static func save(_ standard: OccupationalStandard, in db: Database) throws -> Bool {
        let existed = try Bool.fetchOne(db, sql: "SELECT 1 FROM standards WHERE reference = ?", arguments: [standard.reference]) ?? false
        if existed {
            try db.execute(sql: """
                UPDATE standards SET title = ?, level = ?, route_code = ?, standard_version = ?, status = ?, version = version + 1
                WHERE reference = ?
                """, arguments: [standard.title, standard.level, standard.route.rawValue, standard.version,
                                 standard.status.rawValue, standard.reference])
            try db.execute(sql: "DELETE FROM standard_ksbs WHERE standard_reference = ?", arguments: [standard.reference])
        } else {
            try db.execute(sql: """
                INSERT INTO standards (reference, title, level, route_code, standard_version, status) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [standard.reference, standard.title, standard.level, standard.route.rawValue,
                                 standard.version, standard.status.rawValue])
        }
        for (position, ksb) in standard.ksbs.enumerated() {
            try db.execute(sql: "INSERT INTO standard_ksbs (standard_reference, code, kind, text, position) VALUES (?, ?, ?, ?, ?)",
                           arguments: [standard.reference, ksb.code, ksb.kind.rawValue, ksb.text, position])
        }
        return !existed
    }
}
