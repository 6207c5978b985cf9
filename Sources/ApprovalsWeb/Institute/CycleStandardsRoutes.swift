import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// One standard put into, or taken out of, a cycle's scope without a whole CSV import. Each is the
/// domain's `addStandard` or `removeStandard` event, audited; a removed entry is kept with the date
/// it left scope, so the list at any past instant can be recovered.
struct CycleStandardsRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let clock: @Sendable () -> Date

    func register(on routes: inout GuardedRoutes) {
        let cycles = CycleAdministrationRoutes(records: records, page: page, clock: clock)
        let edit = page.form("institute-cycle") { request, _, _ in try cycles.editContext(request, fields: nil) }
        routes.form("/institute/admin/cycles/:code/standards/add", .administer, .administration, page: edit) { request, visit, fields in
            let cycle = try cycles.cycle(request)
            let reference = StaffText.trimmed(fields["standard"]).uppercased()
            if reference.isEmpty {
                return try refuse(cycles, request, visit, cycle, fields, [FieldError("standard", "Enter the reference of the standard to add, like ST0593")])
            }
            if OccupationalStandard.isValidReference(reference), try records.standard(reference: reference) == nil {
                return try refuse(cycles, request, visit, cycle, fields,
                                  [FieldError("standard", "\(reference) is not a known standard. Import it with the standards CSV first.")])
            }
            return try change(.addStandard(reference: reference), cycles, request, visit, cycle, fields, done: "added")
        }
        routes.form("/institute/admin/cycles/:code/standards/remove", .administer, .administration, page: edit) { request, visit, fields in
            let cycle = try cycles.cycle(request)
            let reference = StaffText.trimmed(fields["standard"]).uppercased()
            return try change(.removeStandard(reference: reference), cycles, request, visit, cycle, fields, done: "removed",
                              errorField: nil)
        }
    }

    /// Applies `event` on the version of the cycle the administrator loaded; the domain's refusal or
    /// an edit conflict comes back on the cycle's page.
    func change(_ event: CycleEvent, _ cycles: CycleAdministrationRoutes, _ request: HTTPRequest, _ visit: Visit, _ cycle: Cycle,
                _ fields: FormFields, done: String, errorField: String? = "standard") throws -> HTTPResponse {
        let reference = StaffText.trimmed(fields["standard"]).uppercased()
        guard let version = Int(fields["version"] ?? "") else {
            return try refuse(cycles, request, visit, cycle, fields, [FieldError(nil, "The page was out of date. Open the cycle again and make your change.")])
        }
        do {
            try records.applyCycle(event, to: cycle.id, expectedVersion: version, by: try visit.signedInActor(), at: clock())
        } catch let violation as RuleViolation {
            return try refuse(cycles, request, visit, cycle, fields, violation.all.map { FieldError(errorField, $0.message) })
        } catch let conflict as EditConflict {
            return try refuse(cycles, request, visit, cycle, fields, [FieldError(nil, conflict.description)])
        }
        return SignInRedirect.redirect(to: "/institute/admin/cycles/\(cycle.code)?standard_\(done)=\(reference)#standards")
    }

    /// The cycle's page again: its own form as stored, the standard typed kept, and what is wrong.
    func refuse(_ cycles: CycleAdministrationRoutes, _ request: HTTPRequest, _ visit: Visit, _ cycle: Cycle, _ fields: FormFields,
                _ errors: [FieldError]) throws -> HTTPResponse {
        var values = CycleForm.values(of: cycle)
        values["standard"] = StaffText.trimmed(fields["standard"])
        return try page.render("institute-cycle", visit, try cycles.editContext(request, fields: nil),
                               form: FormState(values: values, errors: errors), status: .unprocessableContent)
    }
}
