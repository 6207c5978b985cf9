import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// The signed-in person's account page, their change of password, setting a password from a
/// single-use link (invitation or reset), asking for a reset, and setting up a second factor.
struct PasswordRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage

    func register(on routes: inout GuardedRoutes) {
        routes.page("/account", .read, .ownAccount) { request, visit in
            let actor = try visit.signedInActor()
            guard let holder = try accounts.store.holder(id: actor.id) else { throw AccessRefusal.signInRequired }
            let isStaff = actor.roles.contains { $0 == .reviewer || $0 == .approver || $0 == .admin }
            var context: [String: Any] = [
                "name": holder.user.displayName, "email": holder.user.email,
                "roles": holder.user.roles.map(\.rawValue).sorted().joined(separator: ", "),
                "isStaff": isStaff,
                "hasSecondFactor": try accounts.store.secondFactor(of: actor.id)?.isConfirmed == true,
            ]
            if let organisation = holder.user.organisationID {
                context["organisation"] = (try? accounts.records.record(Organisation.self, id: organisation.rawValue).name) ?? organisation.rawValue
            }
            let query = try request.queryParameters()
            if query["password_changed"] != nil { context["notice"] = "Your password has been changed. Your other sessions have been signed out." }
            if query["second_factor"] != nil { context["notice"] = "Your authenticator app is set up. You will be asked for a code each time you sign in." }
            return try page.render("account", visit, context)
        }

        let change = TemplateFormPage(page: page, template: "account-password")
        routes.page("/account/password", .edit, .ownAccount) { request, visit in
            try change.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/account/password", .edit, .ownAccount, page: change) { request, visit, fields in
            let actor = try visit.signedInActor()
            guard let holder = try accounts.store.holder(id: actor.id), let hash = holder.passwordHash else { throw AccessRefusal.signInRequired }
            var errors: [FieldError] = []
            let current = PasswordPolicy.normalise(fields["current_password"] ?? "")
            if current.isEmpty {
                errors.append(FieldError("current_password", "Enter your current password"))
            } else if !accounts.hasher.verify(current, against: hash) {
                errors.append(FieldError("current_password", "Your current password is not right"))
            }
            errors += newPasswordErrors(fields, for: holder.user)
            guard errors.isEmpty else { return try change.render(request, visit, FormState(fields, errors: errors), status: .unprocessableContent) }
            try accounts.store.changePassword(actor.id, passwordHash: accounts.hasher.hash(PasswordPolicy.normalise(fields["new_password"] ?? "")),
                                              keepingSession: visit.sessionSHA256, at: accounts.now)
            return SignInRedirect.redirect(to: "/account?password_changed=1")
        }

        // Shown again after a CSRF failure: the token travels back in the form's values.
        let setPassword = TemplateFormPage(page: page, template: "account-set-password")
        routes.page("/account/set-password", .read, .publicPage) { request, visit in
            let token = try request.queryParameters()["token"] ?? ""
            let link: ValidAccountLink
            do throws(AccountLinkRefusal) {
                link = try accounts.store.validLink(SessionSecret.digest(token), at: accounts.now)
            } catch {
                return try page.render("account-link-invalid", visit, ["message": error.description], status: .notFound)
            }
            return try page.render("account-set-password", visit, linkContext(link, token: token))
        }
        routes.form("/account/set-password", .read, .publicPage, page: setPassword) { request, visit, fields in
            let token = fields["token"] ?? ""
            let link: ValidAccountLink
            do throws(AccountLinkRefusal) {
                link = try accounts.store.validLink(SessionSecret.digest(token), at: accounts.now)
            } catch {
                return try page.render("account-link-invalid", visit, ["message": error.description], status: .notFound)
            }
            let errors = newPasswordErrors(fields, for: link.user)
            guard errors.isEmpty else {
                return try page.render("account-set-password", visit, linkContext(link, token: token),
                                       form: FormState(fields, errors: errors), status: .unprocessableContent)
            }
            do {
                try accounts.store.redeemLink(SessionSecret.digest(token), passwordHash: accounts.hasher.hash(PasswordPolicy.normalise(fields["new_password"] ?? "")),
                                              at: accounts.now)
            } catch let refusal as AccountLinkRefusal {
                return try page.render("account-link-invalid", visit, ["message": refusal.description], status: .notFound)
            }
            return SignInRedirect.redirect(to: "/sign-in?password_set=1")
        }

        let reset = TemplateFormPage(page: page, template: "account-reset")
        routes.page("/account/reset-password", .read, .publicPage) { request, visit in
            try reset.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/account/reset-password", .read, .publicPage, page: reset) { request, visit, fields in
            let email = (fields["email"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard email.contains("@") else {
                return try reset.render(request, visit, FormState(fields, errors: [FieldError("email", "Enter an email address in the correct format, like name@example.com")]),
                                        status: .unprocessableContent)
            }
            // The same answer whether or not the account exists; the link goes only to the outbox,
            // never to the page, since whoever typed the email may not own it. Requests count
            // against the sign-in throttle, so nobody can fill someone's inbox (or the outbox):
            // past the limit the answer is the same and nothing is sent.
            let now = accounts.now, address = request.clientAddress
            let allowed = (try? accounts.throttle.checkAllowed(email: email, address: address, at: now)) != nil
            accounts.throttle.recordFailure(email: email, address: address, at: now)
            if allowed, let holder = try accounts.store.holder(email: email), holder.isActive, !holder.user.actor.isAPIClient {
                let issued = AccountLinks(accounts: accounts).make(for: holder.user, purpose: .passwordReset,
                                                                   base: request.linkBase(accounts.settings), invitedBy: nil)
                try accounts.store.issueLink(for: holder.user.id, purpose: .passwordReset, linkSHA256: issued.tokenSHA256,
                                             expiresAt: issued.expiresAt, message: issued.message, by: nil, at: accounts.now)
            }
            return try page.render("account-reset-sent", visit, ["email": email])
        }

        let twoFactor = TemplateFormPage(page: page, template: "account-two-factor") { _, visit in
            ["setup": try SecondFactorSetup(accounts: accounts).begin(for: try accounts.store.holder(id: visit.signedInActor().id)?.user
                ?? { throw AccessRefusal.signInRequired }())]
        }
        routes.page("/account/two-factor", .edit, .ownAccount) { request, visit in
            try requireStaff(visit)
            if try accounts.store.secondFactor(of: visit.signedInActor().id)?.isConfirmed == true {
                return SignInRedirect.redirect(to: "/account")
            }
            return try twoFactor.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/account/two-factor", .edit, .ownAccount, page: twoFactor) { request, visit, fields in
            try requireStaff(visit)
            guard let holder = try accounts.store.holder(id: visit.signedInActor().id) else { throw AccessRefusal.signInRequired }
            guard try SecondFactorSetup(accounts: accounts).accept(fields["code"] ?? "", for: holder.user) else {
                return try twoFactor.render(request, visit, FormState(fields, errors: [FieldError("code", "The code is not right. Enter the 6-digit code your app shows now")]),
                                            status: .unprocessableContent)
            }
            return SignInRedirect.redirect(to: "/account?second_factor=1")
        }
    }

    /// Second factors are for the Institute's staff (AO users sign in with a long password).
    func requireStaff(_ visit: Visit) throws {
        let actor = try visit.signedInActor()
        guard actor.roles.contains(where: { $0 == .reviewer || $0 == .approver || $0 == .admin }) else {
            throw AccessRefusal.forbidden("Authenticator apps are used by the Institute's staff only.")
        }
    }

    func linkContext(_ link: ValidAccountLink, token: String) -> [String: Any] {
        ["token": token, "name": link.user.displayName, "email": link.user.email,
         "isInvitation": link.purpose == .invitation, "minimumLength": accounts.passwordPolicy.minimumLength]
    }

    /// The new password's problems, in the policy's words, and whether the two copies match.
    func newPasswordErrors(_ fields: FormFields, for user: UserAccount) -> [FieldError] {
        let password = fields["new_password"] ?? ""
        if password.isEmpty { return [FieldError("new_password", "Enter a new password")] }
        if let refusal = accounts.passwordPolicy.check(password, name: user.displayName, email: user.email) {
            return [FieldError("new_password", refusal.message)]
        }
        guard PasswordPolicy.normalise(fields["confirm_password"] ?? "") == PasswordPolicy.normalise(password) else {
            return [FieldError("confirm_password", "The passwords do not match. Type the same password twice")]
        }
        return []
    }
}
