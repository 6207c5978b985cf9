public import Approvals
public import Foundation
import GRDB

/// Imports occupational standards from CSV into the store and adds each to a cycle's list in scope.
///
/// The file has a header row naming these columns, in any order:
/// `reference,title,level,route,version,status,ksbs`
/// - reference: `ST` and four digits (`ST0123`)
/// - title: the standard's title
/// - level: 1 to 7
/// - route: a route code (`digital`) or its name (`Digital`)
/// - version: the standard's version, e.g. `1.2`
/// - status: `approved_for_delivery`, `in_revision` or `retired`
/// - ksbs: the KSBs separated by ` | `, each `CODE: text` (`K1: How networks work | S1: Configure a router`)
///
/// Every row is checked first and every problem is reported with its line number; the import then
/// writes all rows in one transaction, or nothing.
public enum StandardsImport {
    public static let columns = ["reference", "title", "level", "route", "version", "status", "ksbs"]

    /// Problems found in the file, each with the line it is on.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public let problems: [Problem]
        public var description: String {
            (["The file was not imported; nothing was changed. Fix these and import it again:"]
                + problems.map { "  line \($0.line): \($0.message)" }).joined(separator: "\n")
        }
    }

    public struct Problem: Equatable, Sendable {
        public let line: Int
        public let message: String
    }

    /// What an import did.
    public struct Outcome: Equatable, Sendable {
        public let added: [String]
        public let updated: [String]
        public let newlyInScope: [String]
    }

    /// Reads and checks the whole file; throws `Invalid` listing every problem.
    public static func parse(_ text: String) throws(Invalid) -> [OccupationalStandard] {
        let records: [(line: Int, fields: [String])]
        do { records = try CSVReader.records(text) } catch { throw Invalid(problems: [Problem(line: error.line, message: error.message)]) }
        guard let header = records.first else { throw Invalid(problems: [Problem(line: 1, message: "the file is empty; it needs a header row: \(columns.joined(separator: ","))")]) }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = columns.filter { !names.contains($0) }
        guard missing.isEmpty else {
            throw Invalid(problems: [Problem(line: header.line, message: "the header lacks the column(s) \(missing.joined(separator: ", ")); it must name \(columns.joined(separator: ","))")])
        }
        let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var problems: [Problem] = []
        var standards: [OccupationalStandard] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            var rowProblems: [String] = []
            guard record.fields.count == names.count else {
                problems.append(Problem(line: record.line, message: "has \(record.fields.count) fields, the header has \(names.count)"))
                continue
            }
            func value(_ column: String) -> String { record.fields[index[column]!].trimmingCharacters(in: .whitespaces) }
            let reference = value("reference").uppercased()
            if !OccupationalStandard.isValidReference(reference) { rowProblems.append("reference \"\(value("reference"))\" is not ST followed by four digits") }
            if let earlier = seen[reference] { rowProblems.append("reference \(reference) is already on line \(earlier)") }
            seen[reference] = seen[reference] ?? record.line
            let title = value("title")
            if title.isEmpty { rowProblems.append("title is empty") }
            let level = Int(value("level"))
            if level == nil || !(1...7).contains(level!) { rowProblems.append("level \"\(value("level"))\" is not a number from 1 to 7") }
            let route = Route(rawValue: value("route").lowercased()) ?? Route.allCases.first { ([$0.title] + $0.otherTitles).contains { $0.lowercased() == value("route").lowercased() } }
            if route == nil { rowProblems.append("route \"\(value("route"))\" is not one of the 15 routes (e.g. digital, or Digital)") }
            let version = value("version")
            if version.isEmpty { rowProblems.append("version is empty") }
            let status = OccupationalStandard.Status(rawValue: value("status").lowercased())
            if status == nil { rowProblems.append("status \"\(value("status"))\" is not approved_for_delivery, in_revision or retired") }
            let (ksbs, ksbProblems) = parseKSBs(value("ksbs"))
            rowProblems += ksbProblems
            problems += rowProblems.map { Problem(line: record.line, message: $0) }
            if rowProblems.isEmpty, let level, let route, let status {
                standards.append(OccupationalStandard(reference: reference, title: title, level: level, route: route,
                                                      version: version, status: status, ksbs: ksbs))
            }
        }
        if records.count == 1 { problems.append(Problem(line: header.line, message: "the file has a header but no standards")) }
        guard problems.isEmpty else { throw Invalid(problems: problems) }
        return standards
    }

    static func parseKSBs(_ text: String) -> ([KSB], [String]) {
        var ksbs: [KSB] = []
        var problems: [String] = []
        let items = text.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if items.isEmpty { problems.append("ksbs is empty; write them as \"K1: text | S1: text\"") }
        var codes: Set<String> = []
        for item in items {
            guard let colon = item.firstIndex(of: ":") else { problems.append("KSB \"\(item)\" has no \"CODE: text\" form"); continue }
            let code = item[..<colon].trimmingCharacters(in: .whitespaces).uppercased()
            let description = item[item.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard let kind = KSB.kind(ofCode: code) else { problems.append("KSB code \"\(code)\" is not K, S or B followed by a number"); continue }
            if description.isEmpty { problems.append("KSB \(code) has no text") }
            if !codes.insert(code).inserted { problems.append("KSB \(code) appears twice") }
            ksbs.append(KSB(code: code, kind: kind, text: description))
        }
        return (ksbs, problems)
    }
}

extension RecordStore {
    /// Imports standards from CSV text (see `StandardsImport`) and adds each to the cycle with this
    /// code or identifier from `instant`, in one transaction with one audit event on the cycle.
    public func importStandards(csv text: String, cycle cycleReference: String, by actor: Actor,
                                at instant: Date) throws -> StandardsImport.Outcome {
        let standards = try StandardsImport.parse(text)
        return try database.pool.write { db in
            guard let cycleID = try String.fetchOne(db, sql: "SELECT id FROM cycles WHERE code = ? OR id = ?",
                                                    arguments: [cycleReference.uppercased(), cycleReference])
            else { throw RecordNotFound(recordType: "cycle", reference: cycleReference) }
            let cycle = try StoreReader(db).cycle(CycleID(cycleID))
            var added: [String] = [], updated: [String] = [], newlyInScope: [String] = []
            var next = cycle
            for standard in standards {
                if try StandardRows.save(standard, in: db) { added.append(standard.reference) } else { updated.append(standard.reference) }
                if !cycle.isInScope(standard: standard.reference, at: instant)
                    && !next.standardsInScope.contains(where: { $0.standardReference == standard.reference && $0.removedAt == nil }) {
                    next.standardsInScope.append(StandardInScope(standardReference: standard.reference, addedAt: instant))
                    newlyInScope.append(standard.reference)
                }
            }
            next.version += 1
            try RecordRows.update(next, expectedVersion: cycle.version, previous: cycle, actorID: actor.id.rawValue, in: db)
            try AuditChain.append(AuditEntry(AuditEvent(
                actor: actor, at: instant, recordType: .cycle, recordID: cycleID, recordReference: nil, action: "import_standards",
                stateBefore: nil, stateAfter: nil,
                details: ["added": added.joined(separator: ","), "updated": updated.joined(separator: ","),
                          "in_scope_from_now": newlyInScope.joined(separator: ","), "cycle": cycle.code])), in: db)
            return StandardsImport.Outcome(added: added, updated: updated, newlyInScope: newlyInScope)
        }
    }
}
