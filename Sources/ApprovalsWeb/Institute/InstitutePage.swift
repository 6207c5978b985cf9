import Approvals
import Foundation
import HTTPServer

/// Renders a page of the Institute's staff area: the account navigation in the header, the staff
/// menu (what the person's roles let them reach) above the page, and the CSRF token for its forms.
struct InstitutePage: Sendable {
    let page: AccountPage

    func render(_ template: String, _ visit: Visit, _ context: [String: Any] = [:], form: FormState? = nil,
                status: HTTPStatus = .ok) throws -> HTTPResponse {
        var full = context
        if let form {
            // Radios kept as chosen: `checked.<name>_<value>` is true for what was sent.
            full["checked"] = Dictionary(form.values.map { ("\($0.key)_\($0.value)", true) }) { first, _ in first }
        }
        if let actor = visit.actor {
            full["staffMenu"] = [
                "isAdmin": actor.has(.admin), "isReviewer": actor.has(.reviewer), "isApprover": actor.has(.approver),
            ]
        }
        return try page.render(template, visit, Self.withoutEmptyText(full), form: form, status: status)
    }

    /// The context without empty strings, at any depth: in Mustache an empty string is "true", so
    /// `{{#notice}}` would show an empty banner and `{{^reviewer}}Not assigned{{/reviewer}}` would
    /// never show. Missing values render as nothing, which is what an empty string meant.
    static func withoutEmptyText(_ context: [String: Any]) -> [String: Any] {
        var cleaned: [String: Any] = [:]
        for (key, value) in context {
            switch value {
            case let text as String where text.isEmpty: continue
            case let nested as [String: Any]: cleaned[key] = withoutEmptyText(nested)
            case let list as [[String: Any]]: cleaned[key] = list.map(withoutEmptyText)
            default: cleaned[key] = value
            }
        }
        return cleaned
    }

    /// A form page of this area, rendered from `template` with the context `context` builds.
    func form(_ template: String, _ context: @escaping @Sendable (HTTPRequest, Visit, _ typed: [String: String]) throws -> [String: Any]) -> InstituteFormPage {
        InstituteFormPage(page: self, template: template, context: context)
    }
}

/// A staff page with a form, shown again with what was typed and what is wrong.
struct InstituteFormPage: FormPage {
    let page: InstitutePage
    let template: String
    /// The page's context; `typed` is what the person sent, for fields a template cannot look up by name.
    let context: @Sendable (HTTPRequest, Visit, _ typed: [String: String]) throws -> [String: Any]

    /// A context's `defaults` (field name → value) fill the form when nothing typed is coming back.
    func render(_ request: HTTPRequest, _ visit: Visit, _ state: FormState, status: HTTPStatus) throws -> HTTPResponse {
        let context = try self.context(request, visit, state.values)
        var state = state
        if state.values.isEmpty, let defaults = context["defaults"] as? [String: String] { state.values = defaults }
        return try page.render(template, visit, context, form: state, status: status)
    }

    /// The page again with the domain's refusal as the error summary, what was typed kept.
    func refused(_ request: HTTPRequest, _ visit: Visit, _ fields: FormFields, _ violation: RuleViolation) throws -> HTTPResponse {
        let errors = violation.all.map { FieldError($0.field, $0.message) }
        return try render(request, visit, FormState(fields, errors: errors), status: .unprocessableContent)
    }

    func invalid(_ request: HTTPRequest, _ visit: Visit, _ fields: FormFields, _ errors: [FieldError]) throws -> HTTPResponse {
        try render(request, visit, FormState(fields, errors: errors), status: .unprocessableContent)
    }
}
