public import Approvals
public import Foundation

extension RecordStore {
    /// Starts a draft registration of intent with the next `ROI-<cycle>-NNNN` reference.
    @discardableResult
    public func createRegistration(cycleID: CycleID, organisationID: OrganisationID, details: RegistrationDetails,
                                   by actor: Actor, at instant: Date) throws -> RegistrationOfIntent {
        let code = try read { try $0.cycle(cycleID).code }
        return try create(RegistrationOfIntent.self, referenceKind: .registration, scope: code) { id, reference, facts in
            try RegistrationLifecycle.create(id: RegistrationID(id), reference: reference, cycle: try facts.cycle(cycleID),
                                             organisationID: organisationID, details: details, by: actor, at: instant)
        }
    }

    /// Applies a registration event to the version the person had loaded.
    @discardableResult
    public func applyRegistration(_ event: RegistrationEvent, to id: RegistrationID, expectedVersion: Int, by actor: Actor,
                                  at instant: Date, policy: ApprovalPolicy = .standard) throws -> RegistrationOfIntent {
        try change(RegistrationOfIntent.self, id: id.rawValue, expectedVersion: expectedVersion) { registration, facts in
            let context = RegistrationContext(
                cycle: try facts.cycle(registration.cycleID),
                exceptions: try facts.exceptions(recordType: .registrationOfIntent, recordID: id.rawValue), policy: policy)
            return try RegistrationLifecycle.apply(event, to: registration, by: actor, at: instant, context: context)
        }
    }
}
