import Approvals
import ApprovalsStore
import HTTPServer

/// Finds the record a page's path names (`:reference`) for the signed-in awarding organisation.
/// Another organisation's record is answered exactly like one that does not exist (404, audited),
/// through the access policy: handlers never decide ownership themselves.
struct OwnRecords: Sendable {
    let records: RecordStore

    /// The organisation the signed-in AO user acts for; staff are refused (these pages are the AO's).
    func organisationID(_ visit: Visit) throws -> OrganisationID {
        let actor = try visit.signedInActor()
        guard let organisation = actor.organisationID, actor.roles.contains(where: \.actsForAwardingOrganisation) else {
            throw AccessRefusal.forbidden("These pages are for awarding organisations' users. The Institute's staff use the pages under /institute.")
        }
        return organisation
    }

    func registration(_ request: HTTPRequest, _ visit: Visit, _ action: AccessAction) throws -> RegistrationOfIntent {
        let record = try load(RegistrationOfIntent.self, request)
        try check(visit, action, owner: record.organisationID, submitted: record.state != .draft, type: "registration_of_intent", id: record.id.rawValue)
        return record
    }

    func proposal(_ request: HTTPRequest, _ visit: Visit, _ action: AccessAction) throws -> Proposal {
        let record = try load(Proposal.self, request)
        try check(visit, action, owner: record.organisationID, submitted: record.hasBeenSubmitted, type: "proposal", id: record.id.rawValue)
        return record
    }

    func submission(_ request: HTTPRequest, _ visit: Visit, _ action: AccessAction) throws -> Submission {
        let record = try load(Submission.self, request)
        try check(visit, action, owner: record.organisationID, submitted: !record.versions.isEmpty, type: "submission", id: record.id.rawValue)
        return record
    }

    func exception(_ request: HTTPRequest, _ visit: Visit) throws -> LateSubmissionException {
        let record = try load(LateSubmissionException.self, request)
        try check(visit, .read, owner: record.organisationID, submitted: true, type: "late_submission_exception", id: record.id.rawValue)
        return record
    }

    private func load<R: StoredRecord>(_ type: R.Type, _ request: HTTPRequest) throws -> R {
        do {
            return try records.record(type, reference: request.parameters["reference"] ?? "")
        } catch is RecordNotFound {
            throw RoutingError.notFound
        }
    }

    private func check(_ visit: Visit, _ action: AccessAction, owner: OrganisationID, submitted: Bool, type: String, id: String) throws {
        _ = try organisationID(visit)
        try visit.require(action, .organisationRecord(OrganisationRecordFacts(owner: owner, submitted: submitted)), recordType: type, recordID: id)
    }
}
