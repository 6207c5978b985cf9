public import Approvals
public import Foundation

extension RecordStore {
    /// Lodges a late-submission exception request with the next `EXC-<cycle>-NNNN` reference. The
    /// domain judges the record it is for, and the requests already lodged for it, as they are in
    /// this transaction.
    @discardableResult
    public func requestException(cycleID: CycleID, organisationID: OrganisationID, _ request: ExceptionRequest,
                                 by actor: Actor, at instant: Date,
                                 policy: ApprovalPolicy = .standard) throws -> LateSubmissionException {
        let code = try read { try $0.cycle(cycleID).code }
        return try create(LateSubmissionException.self, referenceKind: .exception, scope: code) { id, reference, facts in
            let subject = try facts.exceptionSubject(recordType: request.recordType, recordID: request.recordID)
            guard subject.organisationID == organisationID, subject.cycleID == cycleID else {
                throw RecordNotFound(recordType: request.recordType.rawValue, reference: request.recordID)
            }
            return try ExceptionLifecycle.request(id: ExceptionID(id), reference: reference, cycle: try facts.cycle(cycleID),
                                                  subject: subject,
                                                  earlier: try facts.exceptions(recordType: subject.recordType, recordID: subject.recordID),
                                                  request, by: actor, at: instant, policy: policy)
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

extension StoreReader {
    /// The record a late-submission exception would be for, as the domain's lodging rule sees it.
    public func exceptionSubject(recordType: RecordType, recordID: String) throws -> ExceptionSubject {
        switch recordType {
        case .submission: ExceptionSubject(try record(Submission.self, id: recordID))
        case .proposal: ExceptionSubject(try record(Proposal.self, id: recordID))
        case .registrationOfIntent: ExceptionSubject(try record(RegistrationOfIntent.self, id: recordID))
        default:
            throw RuleViolation(.wrongRecord,
                "Late-submission exceptions are for submissions, proposals and registrations of intent, not \(recordType.rawValue).")
        }
    }
}
