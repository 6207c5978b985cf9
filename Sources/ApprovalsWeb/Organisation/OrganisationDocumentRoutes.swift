import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Downloads of an awarding organisation's own documents: those of a submission (its draft and
/// every submitted version) and the evidence of its late-submission exceptions. A document is
/// found only through a record that holds it, so the access check is the record's: another
/// organisation's record, or a document the record does not hold, is not found (404).
struct OrganisationDocumentRoutes: Sendable {
    let records: RecordStore
    let own: OwnRecords

    /// The download address of a document of a submission, as the submission's pages link to it.
    static func submissionHref(_ reference: RecordReference, _ document: DocumentReference) -> String {
        "/organisation/submissions/\(reference)/documents/\(document.sha256)"
    }

    static func exceptionHref(_ reference: RecordReference, _ document: DocumentReference) -> String {
        "/organisation/exceptions/\(reference)/evidence/\(document.sha256)"
    }

    func register(on routes: inout GuardedRoutes) {
        let download = DocumentDownload(records: records)
        // The segment is named :document because the remove form's route shares it (as an index).
        routes.page("/organisation/submissions/:reference/documents/:document", .read, .organisationRecord(nil)) { request, visit in
            let submission = try own.submission(request, visit, .read)
            let sha256 = request.parameters["document"] ?? ""
            let held = submission.draft.documents + submission.versions.flatMap(\.content.documents)
            return try download.response(held.first { $0.sha256 == sha256 })
        }
        routes.page("/organisation/exceptions/:reference/evidence/:document", .read, .organisationRecord(nil)) { request, visit in
            let exception = try own.exception(request, visit)
            let sha256 = request.parameters["document"] ?? ""
            return try download.response(exception.evidence.first { $0.sha256 == sha256 })
        }
    }
}
