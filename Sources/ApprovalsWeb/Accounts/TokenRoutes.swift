import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// The administrators' page of API tokens: the list (never the tokens themselves), a form to make
/// one (shown once), and revocation, which takes effect on the next request.
struct TokenRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage

    func register(on routes: inout GuardedRoutes) {
        let list = TemplateFormPage(page: page, template: "tokens-list") { request, _ in try listContext(request) }
        routes.page("/tokens", .administer, .administration) { request, visit in
            try list.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/tokens", .administer, .administration, page: list) { request, visit, fields in
            let actor = try visit.signedInActor()
            let now = accounts.now
            var errors: [FieldError] = []
            var expiry: Date?
            do throws(APITokenIssuer.Refusal) { expiry = try APITokenIssuer.expiry(fields["expires"] ?? "") } catch { errors.append(FieldError("expires", error.description)) }
            if (fields["name"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty { errors.append(FieldError("name", APITokenIssuer.Refusal.nameMissing.description)) }
            if errors.isEmpty, let expiry {
                do {
                    let (token, record) = try APITokenIssuer(store: accounts.store).create(name: fields["name"] ?? "", expiresAt: expiry, by: actor, at: now)
                    return try page.render("tokens-created", visit, ["token": token, "name": record.name, "expires": DisplayTime.text(record.expiresAt)])
                } catch let refusal as APITokenIssuer.Refusal {
                    errors.append(FieldError(refusal == .nameMissing || refusal == .nameTooLong ? "name" : "expires", refusal.description))
                }
            }
            return try list.render(request, visit, FormState(fields, errors: errors), status: .unprocessableContent)
        }
        routes.form("/tokens/:id/revoke", .administer, .administration, page: list) { request, visit, _ in
            do {
                try accounts.store.revokeToken(id: request.parameters["id"] ?? "", by: visit.signedInActor(), at: accounts.now)
            } catch AccountStoreError.unknownToken {
                throw RoutingError.notFound
            }
            return SignInRedirect.redirect(to: "/tokens?revoked=1")
        }
    }

    func listContext(_ request: HTTPRequest) throws -> [String: Any] {
        let now = accounts.now
        let rows: [[String: Any]] = try accounts.store.tokens().map { token in
            ["id": token.id, "name": token.name, "created": DisplayTime.text(token.createdAt), "expires": DisplayTime.text(token.expiresAt),
             "lastUsed": token.lastUsedAt.map(DisplayTime.text) ?? "Never",
             "status": token.revokedAt != nil ? "Revoked" : token.isValid(at: now) ? "Active" : "Expired",
             "active": token.isValid(at: now)]
        }
        var context: [String: Any] = ["tokens": rows]
        if (try? request.queryParameters()["revoked"]) != nil { context["notice"] = "The token has been revoked. Requests made with it are now refused." }
        return context
    }
}
