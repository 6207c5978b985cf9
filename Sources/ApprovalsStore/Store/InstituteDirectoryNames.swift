public import Approvals
import GRDB

/// The names staff pages show for organisations and cycles, and which reviewer is barred from which
/// organisation, read from their columns. Every staff page needs them; decoding every
/// organisation's, cycle's and declaration's JSON body for a name was most of a page's fixed cost
/// on deadline day (about 150 organisations).
public struct InstituteDirectoryNames: Sendable {
    public struct Named<ID: Hashable & Sendable>: Sendable {
        public let id: ID
        public let name: String
    }

    /// By name.
    public let organisations: [Named<OrganisationID>]
    /// By code (the order cycles run in).
    public let cycles: [Named<CycleID>]
    /// Declared (not ended) conflicts of interest: reviewer to the organisations they are barred from.
    public let barred: [UserID: Set<OrganisationID>]
}

extension RecordStore {
    /// Organisation and cycle names and the declared conflicts, in one read of three column-only queries.
    public func instituteDirectoryNames() throws -> InstituteDirectoryNames {
        try database.pool.read { db in
            var organisations: [InstituteDirectoryNames.Named<OrganisationID>] = []
            let organisationRows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, name FROM organisations ORDER BY name, id"))
            while let row = try organisationRows.next() { organisations.append(.init(id: OrganisationID(row[0] as String), name: row[1])) }
            var cycles: [InstituteDirectoryNames.Named<CycleID>] = []
            let cycleRows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, name FROM cycles ORDER BY code"))
            while let row = try cycleRows.next() { cycles.append(.init(id: CycleID(row[0] as String), name: row[1])) }
            var barred: [UserID: Set<OrganisationID>] = [:]
            let declared = ConflictOfInterest.State.declared.rawValue
            let conflictRows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT reviewer_id, organisation_id FROM conflicts_of_interest WHERE state = ?"),
                                                   arguments: [declared])
            while let row = try conflictRows.next() {
                barred[UserID(row[0] as String), default: []].insert(OrganisationID(row[1] as String))
            }
            return InstituteDirectoryNames(organisations: organisations, cycles: cycles, barred: barred)
        }
    }
}
