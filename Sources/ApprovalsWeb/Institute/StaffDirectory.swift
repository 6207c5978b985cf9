import Approvals
import ApprovalsStore
import Foundation

/// The names staff pages show for identifiers: organisations, people, cycles, and who has declared
/// a conflict with whom. Read once per page (the lists are short: a few hundred at most).
struct StaffDirectory {
    let organisations: [OrganisationID: Organisation]
    let users: [UserID: UserAccount]
    let cycles: [CycleID: Cycle]
    let conflicts: [ConflictOfInterest]

    init(_ records: RecordStore) throws {
        organisations = Dictionary(try records.page(Organisation.self, limit: 500).records.map { ($0.id, $0) }) { first, _ in first }
        users = Dictionary(try records.instituteDirectoryUsers().map { ($0.id, $0) }) { first, _ in first }
        cycles = Dictionary(try records.page(Cycle.self, limit: 500).records.map { ($0.id, $0) }) { first, _ in first }
        conflicts = try records.page(ConflictOfInterest.self, limit: 500).records
    }

    func organisationName(_ id: OrganisationID) -> String { organisations[id]?.name ?? id.rawValue }
    func userName(_ id: UserID?) -> String { id.map { users[$0]?.displayName ?? $0.rawValue } ?? "" }
    func cycleName(_ id: CycleID) -> String { cycles[id]?.name ?? id.rawValue }

    /// The reviewers who may be offered a record of `organisation`: never one with a declared conflict.
    func reviewers(freeOf organisation: OrganisationID) -> [UserAccount] {
        users.values.filter { $0.roles.contains(.reviewer) && !isConflicted($0.id, organisation) }.sorted { $0.displayName < $1.displayName }
    }

    func isConflicted(_ reviewer: UserID, _ organisation: OrganisationID) -> Bool {
        conflicts.contains { $0.bars(reviewer, from: organisation) }
    }

    /// Radio options for choosing a reviewer for a record of `organisation`.
    func reviewerOptions(for organisation: OrganisationID, assigned: UserID?) -> [[String: Any]] {
        reviewers(freeOf: organisation).map { ["value": $0.id.rawValue, "label": $0.displayName, "checked": $0.id == assigned] }
    }

    var organisationOptions: [[String: String]] {
        organisations.values.sorted { $0.name < $1.name }.map { ["value": $0.id.rawValue, "label": $0.name] }
    }

    var cycleOptions: [[String: String]] {
        cycles.values.sorted { $0.code < $1.code }.map { ["value": $0.id.rawValue, "label": $0.name] }
    }
}
