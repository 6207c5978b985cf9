import Approvals
import ApprovalsStore
import Foundation

/// The names staff pages show for identifiers: organisations, people, cycles, and who has declared
/// a conflict with whom. Read once per page from columns only (no record is decoded), since every
/// staff page pays for it: a few hundred short rows at most.
struct StaffDirectory {
    let names: InstituteDirectoryNames
    let organisations: [OrganisationID: String]
    let users: [UserID: UserAccount]
    let cycles: [CycleID: String]

    /// Everyone's names, for pages that list or filter by any person (the audit trail, the queues).
    init(_ records: RecordStore) throws {
        try self.init(records, users: try records.instituteDirectoryUsers())
    }

    /// The staff's names and those of `people`: a record's own page, which names its staff and
    /// the few AO users who submitted it, and offers only reviewers.
    init(_ records: RecordStore, staffAnd people: some Sequence<UserID>) throws {
        try self.init(records, users: try records.instituteStaffUsers(plus: people))
    }

    private init(_ records: RecordStore, users: [UserAccount]) throws {
        names = try records.instituteDirectoryNames()
        organisations = Dictionary(names.organisations.map { ($0.id, $0.name) }) { first, _ in first }
        cycles = Dictionary(names.cycles.map { ($0.id, $0.name) }) { first, _ in first }
        self.users = Dictionary(users.map { ($0.id, $0) }) { first, _ in first }
    }

    func organisationName(_ id: OrganisationID) -> String { organisations[id] ?? id.rawValue }
    func userName(_ id: UserID?) -> String { id.map { users[$0]?.displayName ?? $0.rawValue } ?? "" }
    func cycleName(_ id: CycleID) -> String { cycles[id] ?? id.rawValue }

    /// The reviewers who may be offered a record of `organisation`: never one with a declared conflict.
    func reviewers(freeOf organisation: OrganisationID) -> [UserAccount] {
        users.values.filter { $0.roles.contains(.reviewer) && !isConflicted($0.id, organisation) }.sorted { $0.displayName < $1.displayName }
    }

    func isConflicted(_ reviewer: UserID, _ organisation: OrganisationID) -> Bool {
        names.barred[reviewer]?.contains(organisation) ?? false
    }

    /// Radio options for choosing a reviewer for a record of `organisation`.
    func reviewerOptions(for organisation: OrganisationID, assigned: UserID?) -> [[String: Any]] {
        reviewers(freeOf: organisation).map { ["value": $0.id.rawValue, "label": $0.displayName, "checked": $0.id == assigned] }
    }

    var organisationOptions: [[String: String]] {
        names.organisations.map { ["value": $0.id.rawValue, "label": $0.name] }
    }

    var cycleOptions: [[String: String]] {
        names.cycles.map { ["value": $0.id.rawValue, "label": $0.name] }
    }
}
