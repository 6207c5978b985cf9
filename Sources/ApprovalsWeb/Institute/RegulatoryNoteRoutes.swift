import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Ofqual regulatory notes for administrators: recorded when Ofqual tells the Institute of action on
/// an awarding organisation, and marked addressed. While one is open, no approval is recorded for that AO.
struct RegulatoryNoteRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let clock: @Sendable () -> Date

    func register(on routes: inout GuardedRoutes) {
        let show = page.form("institute-notes") { request, _, _ in try context(request) }
        routes.page("/institute/admin/notes", .administer, .administration) { request, visit in
            try show.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/institute/admin/notes", .administer, .administration, page: show) { request, visit, fields in
            let organisation = fields["organisation"] ?? "", summary = StaffText.trimmed(fields["summary"])
            let receivedText = StaffText.trimmed(fields["received_at"])
            let received = StaffText.parseUKTime(receivedText)
            var errors: [FieldError] = []
            if try StaffDirectory(records).organisations[OrganisationID(organisation)] == nil {
                errors.append(FieldError("organisation", "Select the awarding organisation the note is about"))
            }
            if summary.isEmpty { errors.append(FieldError("summary", "Enter what Ofqual told the Institute")) }
            if received == nil { errors.append(FieldError("received_at", "Enter when the note was received, in UK time, like 2025-02-03 09:00")) }
            guard errors.isEmpty, let received else { return try show.invalid(request, visit, fields, errors) }
            do {
                try records.recordRegulatoryNote(organisationID: OrganisationID(organisation), summary: summary, receivedAt: received,
                                                 by: try visit.signedInActor(), at: clock())
            } catch let violation as RuleViolation {
                return try show.refused(request, visit, fields, violation)
            }
            return SignInRedirect.redirect(to: "/institute/admin/notes?done=recorded")
        }
        routes.form("/institute/admin/notes/:reference/address", .administer, .administration, page: show) { request, visit, fields in
            guard let note = try? records.record(OfqualRegulatoryNote.self, reference: request.parameters["reference"] ?? "") else {
                throw RoutingError.notFound
            }
            do {
                try records.applyRegulatoryNote(.markAddressed(resolution: StaffText.trimmed(fields["resolution"])), to: note.id,
                                                expectedVersion: note.version, by: try visit.signedInActor(), at: clock())
            } catch let violation as RuleViolation {
                return try show.refused(request, visit, fields, violation)
            }
            return SignInRedirect.redirect(to: "/institute/admin/notes?done=addressed")
        }
    }

    func context(_ request: HTTPRequest) throws -> [String: Any] {
        let directory = try StaffDirectory(records)
        let notes = try records.page(OfqualRegulatoryNote.self, limit: 500).records
        let done = StaffText.query(request, "done")
        return [
            "organisations": directory.organisationOptions,
            "notes": notes.map { note -> [String: Any] in
                ["reference": note.reference.description, "organisation": directory.organisationName(note.organisationID),
                 "summary": note.summary, "received": StaffText.time(note.receivedAt), "state": StaffText.state(note.state.rawValue),
                 "open": note.state == .open, "resolution": note.resolution ?? ""]
            },
            "notice": done == "recorded" ? "The note has been recorded. No approval can be recorded for the organisation while it is open."
                : done == "addressed" ? "The note has been marked addressed." : "",
        ]
    }
}
