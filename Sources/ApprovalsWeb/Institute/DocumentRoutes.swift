import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Downloads of the documents staff may read: those of any version of a submission they can see,
/// and the evidence of a late-submission exception (administrators). A document is found only
/// through a record that holds it, so the access check is the record's.
struct DocumentRoutes: Sendable {
    let records: RecordStore

    var lookup: StaffRecords { StaffRecords(records: records) }

    func register(on routes: inout GuardedRoutes) {
        routes.page("/institute/submissions/:reference/documents/:sha256", .read, .review(nil)) { request, visit in
            let submission = try lookup.submission(request, visit, .read)
            let held = submission.versions.flatMap(\.content.documents)
            return try download(held.first { $0.sha256 == request.parameters["sha256"] })
        }
        routes.page("/institute/exceptions/:reference/evidence/:sha256", .administer, .administration) { request, visit in
            let exception = try lookup.exception(request, visit, .read)
            return try download(exception.evidence.first { $0.sha256 == request.parameters["sha256"] })
        }
    }

    func download(_ document: DocumentReference?) throws -> HTTPResponse {
        guard let document, let file = records.documentFile(sha256: document.sha256) else { throw RoutingError.notFound }
        let safeName = document.originalName.filter { $0.isLetter || $0.isNumber || "-_. ".contains($0) }
        return HTTPResponse(status: .ok, headers: [
            "Content-Type": document.mediaType, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
            "Content-Disposition": "attachment; filename=\"\(safeName.isEmpty ? "document" : safeName)\"",
        ], body: .file(FileRegion(path: file.path)))
    }
}
