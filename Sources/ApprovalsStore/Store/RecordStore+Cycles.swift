public import Approvals
public import Foundation
import GRDB

extension RecordStore {
    /// Adds a cycle an administrator entered (the domain checks its windows).
    @discardableResult
    public func createCycle(_ cycle: Cycle, by actor: Actor, at instant: Date) throws -> Cycle {
        let transition = try CycleAdministration.create(cycle, by: actor, at: instant)
        try insert(transition.record, audit: AuditEntry(transition.audit))
        return transition.record
    }

    /// Changes a cycle's name, windows, scope or standards, on the version the administrator had loaded.
    @discardableResult
    public func applyCycle(_ event: CycleEvent, to id: CycleID, expectedVersion: Int, by actor: Actor,
                           at instant: Date) throws -> Cycle {
        try change(Cycle.self, id: id.rawValue, expectedVersion: expectedVersion) { cycle, _ in
            try CycleAdministration.apply(event, to: cycle, by: actor, at: instant)
        }
    }

    /// A cycle by its code (`L3S25`).
    public func cycle(code: String) throws -> Cycle {
        let normalised = code.trimmingCharacters(in: .whitespaces).uppercased()
        return try read { facts in
            guard let id = try String.fetchOne(facts.db, sql: "SELECT id FROM cycles WHERE code = ?", arguments: [normalised]) else {
                throw RecordNotFound(recordType: "cycle", reference: normalised)
            }
            return try facts.cycle(CycleID(id))
        }
    }

    /// Adds an organisation (audited as made by `actor`).
    public func createOrganisation(_ organisation: Organisation, by actor: Actor, at instant: Date) throws {
        try insert(organisation, audit: AuditEntry(AuditEvent(
            actor: actor, at: instant, recordType: .organisation, recordID: organisation.id.rawValue, recordReference: nil,
            action: "create", stateBefore: nil, stateAfter: nil,
            details: ["name": organisation.name, "ofqual_recognition_number": organisation.ofqualRecognitionNumber])))
    }

    /// Adds or replaces a predefined specialist area.
    public func saveSpecialistArea(_ area: SpecialistArea, by actor: Actor, at instant: Date) throws {
        let audit = AuditEntry(occurredAt: instant, actorUserID: actor.id.rawValue,
                               actorRole: actor.roles.map(\.rawValue).sorted().joined(separator: ","),
                               recordType: "specialist_area", recordID: area.id.rawValue, recordReference: nil,
                               action: area.version == 1 ? "create" : "edit", stateBefore: nil, stateAfter: nil,
                               details: AuditEntry.json(["name": area.name]))
        if area.version == 1 { try insert(area, audit: audit) } else { try replace(area, expectedVersion: area.version - 1, audit: audit) }
    }

    /// Adds or replaces standards (with their KSBs) outside a CSV import.
    public func saveStandards(_ standards: [OccupationalStandard]) throws {
        try database.pool.write { db in for standard in standards { try StandardRows.save(standard, in: db) } }
    }
}
