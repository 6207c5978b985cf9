import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Administrators add the awarding organisations whose users they then invite: the list, and a
/// form for a new one (name, Ofqual recognition number, recognised sector subject areas). The
/// domain's `OrganisationAdministration` checks it; the store audits it.
struct OrganisationRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage

    func register(on routes: inout GuardedRoutes) {
        routes.page("/organisations", .administer, .administration) { request, visit in
            let rows: [[String: String]] = try accounts.records.page(Organisation.self, limit: 1000).records
                .sorted { $0.name < $1.name }
                .map { ["name": $0.name, "number": $0.ofqualRecognitionNumber,
                        "scope": $0.ssaScope.map(\.code).sorted().joined(separator: ", ")] }
            var context: [String: Any] = ["organisations": rows]
            if let added = try request.queryParameters()["added"] { context["notice"] = "\(added) has been added. You can now invite its users." }
            return try page.render("organisations-list", visit, context)
        }
        let form = TemplateFormPage(page: page, template: "organisations-new")
        routes.page("/organisations/new", .administer, .administration) { request, visit in
            try form.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/organisations/new", .administer, .administration, page: form) { request, visit, fields in
            let actor = try visit.signedInActor()
            let name = (fields["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let number = (fields["ofqual_recognition_number"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            let codes = (fields["ssa_scope"] ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
            let scope = codes.compactMap(SectorSubjectArea.init)
            var errors: [FieldError] = []
            if scope.count != codes.count {
                errors.append(FieldError("ssa_scope", "Enter sector subject area codes such as 6.1 or 15, separated by commas"))
            }
            let organisation = Organisation(id: OrganisationID(RecordStore.newIdentifier()), name: name, ofqualRecognitionNumber: number,
                                            ssaScope: Set(scope))
            do {
                let transition = try OrganisationAdministration.create(organisation, by: actor, at: accounts.now)
                if errors.isEmpty {
                    if try accounts.records.page(Organisation.self, limit: 1000).records.contains(where: { $0.ofqualRecognitionNumber == number }) {
                        errors.append(FieldError("ofqual_recognition_number", "There is already an organisation with recognition number \(number)"))
                    } else {
                        try accounts.records.createOrganisation(transition.record, by: actor, at: accounts.now)
                        var query = FormFields()
                        query.append("added", name)
                        return SignInRedirect.redirect(to: "/organisations?" + query.urlEncoded)
                    }
                }
            } catch let violation as RuleViolation {
                errors = violation.all.map { FieldError($0.field ?? "name", $0.message) } + errors
            }
            return try form.render(request, visit, FormState(fields, errors: errors), status: .unprocessableContent)
        }
    }
}
