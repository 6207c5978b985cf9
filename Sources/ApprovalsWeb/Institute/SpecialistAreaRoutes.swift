import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Predefined specialist areas for administrators: each with its route, the standards it builds on,
/// its sub-areas and its indicative duties (a duty may belong to one sub-area: `Sub-area: duty`).
struct SpecialistAreaRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let clock: @Sendable () -> Date

    func register(on routes: inout GuardedRoutes) {
        routes.page("/institute/admin", .administer, .administration) { _, visit in
            try page.render("institute-admin", visit)
        }
        let show = page.form("institute-specialist-areas") { request, _, _ in try context(request) }
        routes.page("/institute/admin/specialist-areas", .administer, .administration) { request, visit in
            try show.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/institute/admin/specialist-areas", .administer, .administration, page: show) { request, visit, fields in
            let name = StaffText.trimmed(fields["name"])
            let route = Route(rawValue: fields["route"] ?? "")
            let standards = StaffText.trimmed(fields["standards"]).split(whereSeparator: { $0 == "," || $0.isWhitespace }).map { $0.uppercased() }
            let subAreas = Self.lines(fields["sub_areas"])
            let dutyLines = Self.lines(fields["duties"])
            var errors: [FieldError] = []
            if name.isEmpty { errors.append(FieldError("name", "Enter the name of the specialist area")) }
            if route == nil { errors.append(FieldError("route", "Select the route")) }
            if standards.isEmpty { errors.append(FieldError("standards", "Enter the standards it builds on, like ST0593")) }
            for reference in standards where try records.standard(reference: reference) == nil {
                errors.append(FieldError("standards", "\(reference) is not a known standard. Import it first."))
            }
            if dutyLines.isEmpty { errors.append(FieldError("duties", "Enter at least one indicative duty")) }
            let duties = SpecialistAreaDuties.parse(dutyLines, subAreas: subAreas)
            guard errors.isEmpty, let route else { return try show.invalid(request, visit, fields, errors) }
            let area = SpecialistArea(id: SpecialistAreaID(RecordStore.newIdentifier()), name: name, route: route, standardReferences: standards,
                                      subAreas: subAreas, duties: duties)
            try records.saveSpecialistArea(area, by: try visit.signedInActor(), at: clock())
            return SignInRedirect.redirect(to: "/institute/admin/specialist-areas?added=1")
        }
    }

    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func context(_ request: HTTPRequest) throws -> [String: Any] {
        let areas = try records.page(SpecialistArea.self, limit: 500).records
        return [
            "areas": areas.map { area -> [String: Any] in
                ["id": area.id.rawValue, "name": area.name, "route": area.route.title, "standards": area.standardReferences.joined(separator: ", "),
                 "subAreas": area.subAreas, "duties": area.duties.map { "\($0.code): \($0.text)" + ($0.subArea.map { " (\($0) only)" } ?? "") }]
            },
            "routes": Route.allCases.map { ["value": $0.rawValue, "label": $0.title] },
            "notice": !StaffText.query(request, "added").isEmpty ? "The specialist area has been added."
                : !StaffText.query(request, "changed").isEmpty ? "The specialist area has been changed." : "",
        ]
    }
}
