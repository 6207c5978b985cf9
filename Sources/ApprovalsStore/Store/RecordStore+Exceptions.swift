public import Approvals
public import Foundation

extension RecordStore {
    /// Lodges a late-submission exception request with the next `EXC-<cycle>-NNNN` reference.
    @discardableResult
    public func requestException(cycleID: CycleID, organisationID: OrganisationID, _ request: ExceptionRequest,
                                 by actor: Actor, at instant: Date,
                                 policy: ApprovalPolicy = .standard) throws -> LateSubmissionException {
        let code = try read { try $0.cycle(cycleID).code }
        return try create(LateSubmissionException.self, referenceKind: .exception, scope: code) { id, reference, facts in
            try ExceptionLifecycle.request(id: ExceptionID(id), reference: reference, cycle: try facts.cycle(cycleID),
                                           organisationID: organisationID, request, by: actor, at: instant, policy: policy)
        }
    }

    /// Grants or refuses an exception, on the version the administrator had loaded.
    @discardableResult
    public func applyException(_ event: ExceptionEvent, to id: ExceptionID, expectedVersion: Int, by actor: Actor,
                               at instant: Date) throws -> LateSubmissionException {
        try change(LateSubmissionException.self, id: id.rawValue, expectedVersion: expectedVersion) { exception, facts in
            try ExceptionLifecycle.apply(event, to: exception, by: actor, at: instant, cycle: try facts.cycle(exception.cycleID))
        }
    }
}
