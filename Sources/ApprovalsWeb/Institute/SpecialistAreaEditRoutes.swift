import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// A predefined specialist area changed by an administrator: its name, sub-areas and indicative
/// duties. The change is saved on the version the administrator loaded (a concurrent edit is refused,
/// not overwritten) and audited as an edit by the store.
struct SpecialistAreaEditRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let clock: @Sendable () -> Date

    func register(on routes: inout GuardedRoutes) {
        let edit = page.form("institute-specialist-area") { request, _, _ in
            let area = try area(request)
            return ["id": area.id.rawValue, "heading": area.name, "route": area.route.title,
                    "standards": area.standardReferences.joined(separator: ", "),
                    "defaults": ["name": area.name, "version": String(area.version), "sub_areas": area.subAreas.joined(separator: "\n"),
                                 "duties": SpecialistAreaDuties.lines(area.duties)]]
        }
        routes.page("/institute/admin/specialist-areas/:id", .administer, .administration) { request, visit in
            try edit.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/institute/admin/specialist-areas/:id", .administer, .administration, page: edit) { request, visit, fields in
            let area = try area(request)
            let name = StaffText.trimmed(fields["name"])
            let subAreas = SpecialistAreaRoutes.lines(fields["sub_areas"])
            let dutyLines = SpecialistAreaRoutes.lines(fields["duties"])
            var errors: [FieldError] = []
            if name.isEmpty { errors.append(FieldError("name", "Enter the name of the specialist area")) }
            if dutyLines.isEmpty { errors.append(FieldError("duties", "Enter at least one indicative duty")) }
            if Set(subAreas).count != subAreas.count { errors.append(FieldError("sub_areas", "Name each sub-area once")) }
            guard let loaded = Int(fields["version"] ?? "") else {
                errors.append(FieldError(nil, "The page was out of date. Open the specialist area again and make your change."))
                return try edit.invalid(request, visit, fields, errors)
            }
            guard errors.isEmpty else { return try edit.invalid(request, visit, fields, errors) }
            var changed = area
            changed.name = name
            changed.subAreas = subAreas
            changed.duties = SpecialistAreaDuties.parse(dutyLines, subAreas: subAreas, existing: area.duties)
            changed.version = loaded + 1
            do {
                try records.saveSpecialistArea(changed, by: try visit.signedInActor(), at: clock())
            } catch let conflict as EditConflict {
                return try edit.invalid(request, visit, fields, [FieldError(nil, conflict.description)])
            }
            return SignInRedirect.redirect(to: "/institute/admin/specialist-areas?changed=1")
        }
    }

    func area(_ request: HTTPRequest) throws -> SpecialistArea {
        guard let area = try? records.record(SpecialistArea.self, id: request.parameters["id"] ?? "") else { throw RoutingError.notFound }
        return area
    }
}
