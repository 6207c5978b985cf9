import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Sign-in (email and password, then a one-time code for staff who have one), and sign-out.
///
/// Nothing a visitor sees depends on whether an account exists: an unknown email, a wrong password,
/// a deactivated account and an account with no password yet all get the same message after the
/// same amount of work, and all count towards the same throttle.
struct SignInRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage

    static let wrongCredentials = "The email address or password is not right. Check them and try again."

    func register(on routes: inout GuardedRoutes) {
        let signIn = TemplateFormPage(page: page, template: "sign-in") { request, _ in
            ["next": (try? request.queryParameters()["next"]).flatMap { $0 } ?? ""]
        }
        routes.page("/sign-in", .read, .publicPage) { request, visit in
            if visit.actor != nil { return SignInRedirect.redirect(to: "/account") }
            let query = try request.queryParameters()
            var context: [String: Any] = ["next": query["next"].flatMap { SafeReturnPath.isSafe($0) ? $0 : nil } ?? ""]
            if query["signed_out"] != nil { context["notice"] = "You have signed out." }
            if query["password_set"] != nil { context["notice"] = "Your password has been set. Sign in with it now." }
            return try page.render("sign-in", visit, context)
        }
        routes.form("/sign-in", .read, .publicPage, page: signIn) { request, visit, fields in
            try self.signIn(request, visit, fields, page: signIn)
        }

        let code = TemplateFormPage(page: page, template: "sign-in-code") { _, visit in try codeContext(visit) }
        routes.page("/sign-in/code", .read, .publicPage) { request, visit in
            guard visit.pendingSignIn != nil else { return SignInRedirect.redirect(to: "/sign-in") }
            return try code.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/sign-in/code", .read, .publicPage, page: code) { request, visit, fields in
            try confirmCode(request, visit, fields, page: code)
        }

        let signOut = TemplateFormPage(page: page, template: "sign-out")
        routes.page("/sign-out", .read, .ownAccount) { request, visit in
            try signOut.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/sign-out", .edit, .ownAccount, page: signOut) { _, visit, _ in
            if let session = visit.sessionSHA256 { try accounts.store.endSession(session, reason: .signedOut, at: accounts.now) }
            var response = SignInRedirect.redirect(to: "/sign-in?signed_out=1")
            SessionCookie.clear(settings: accounts.settings, on: &response)
            return response
        }
    }

    func signIn(_ request: HTTPRequest, _ visit: Visit, _ fields: FormFields, page form: TemplateFormPage) throws -> HTTPResponse {
        let email = (fields["email"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let password = fields["password"] ?? ""
        let next = fields["next"].flatMap { SafeReturnPath.isSafe($0) ? $0 : nil } ?? "/account"
        var errors: [FieldError] = []
        if email.isEmpty { errors.append(FieldError("email", "Enter your email address")) }
        if password.isEmpty { errors.append(FieldError("password", "Enter your password")) }
        guard errors.isEmpty else { return try form.render(request, visit, FormState(fields, errors: errors), status: .unprocessableContent) }

        let now = accounts.now, address = request.clientAddress
        do {
            try accounts.throttle.checkAllowed(email: email, address: address, at: now)
        } catch {
            return try throttled(until: error.retryAfter, request, visit, fields, page: form)
        }
        let holder = try accounts.store.holder(email: email)
        let candidate = PasswordPolicy.normalise(password)
        var refusal: String?
        if let holder, let hash = holder.passwordHash, holder.isActive, !holder.user.actor.isAPIClient {
            if !accounts.hasher.verify(candidate, against: hash) { refusal = "wrong password" }
        } else {
            _ = accounts.hasher.verify(candidate, against: accounts.decoyHash)
            refusal = holder == nil ? "unknown email" : holder?.isActive == false ? "account deactivated"
                : holder?.passwordHash == nil ? "no password set" : "API client account"
        }
        guard let holder, let hash = holder.passwordHash, refusal == nil else {
            accounts.throttle.recordFailure(email: email, address: address, at: now)
            try accounts.store.recordFailedSignIn(email: email, user: holder?.user, address: address, reason: refusal ?? "refused", at: now)
            return try form.render(request, visit, FormState(fields, errors: [FieldError("email", Self.wrongCredentials)]),
                                   status: .unprocessableContent)
        }
        if accounts.hasher.needsRehash(hash) {
            try accounts.store.upgradePasswordHash(holder.user.id, from: hash, to: accounts.hasher.hash(candidate))
        }
        let stage = try stage(for: holder.user)
        // The count of failures is cleared only when the person is fully signed in: a right password
        // followed by wrong codes must not reset the limit on guessing codes.
        if stage == .signedIn { accounts.throttle.recordSuccess(email: email) }
        // A new identifier at every sign-in: one planted or seen before (session fixation) is worthless.
        if let old = visit.sessionSHA256 { try accounts.store.endSession(old, reason: .replaced, at: now) }
        let secret = SessionSecret.make()
        try accounts.store.openSession(idSHA256: SessionSecret.digest(secret), userID: holder.user.id, stage: stage, at: now,
                                       expiresAt: now.addingTimeInterval(accounts.settings.absoluteLifetime))
        var response: HTTPResponse
        if stage == .signedIn {
            try accounts.store.recordSignIn(holder.user, address: address, secondFactor: false, at: now)
            response = SignInRedirect.redirect(to: next)
        } else {
            var query = FormFields()
            query.append("next", next)
            response = SignInRedirect.redirect(to: "/sign-in/code?" + query.urlEncoded)
        }
        SessionCookie.set(secret, settings: accounts.settings, on: &response)
        return response
    }

    /// Staff with a confirmed second factor type a code next; administrators without one set one up
    /// first when the setting requires it; everyone else is signed in.
    func stage(for user: UserAccount) throws -> SessionStage {
        let isStaff = user.roles.contains { $0 == .reviewer || $0 == .approver || $0 == .admin }
        guard isStaff else { return .signedIn }
        if try accounts.store.secondFactor(of: user.id)?.isConfirmed == true { return .awaitingCode }
        if accounts.settings.requireSecondFactorForAdmins && user.roles.contains(.admin) { return .awaitingCodeSetup }
        return .signedIn
    }

    func throttled(until retry: Date, _ request: HTTPRequest, _ visit: Visit, _ fields: FormFields,
                   page form: TemplateFormPage) throws -> HTTPResponse {
        let message = "You have tried to sign in too many times. For your security, wait until \(DisplayTime.text(retry)) (UK time) before you try again."
        var response = try form.render(request, visit, FormState(fields, errors: [FieldError("email", message)]), status: .tooManyRequests)
        response.headers.replaceOrAdd("Retry-After", String(max(1, Int(retry.timeIntervalSince(accounts.now).rounded(.up)))))
        return response
    }

    func codeContext(_ visit: Visit) throws -> [String: Any] {
        guard let pending = visit.pendingSignIn else { return [:] }
        var context: [String: Any] = [:]
        if pending.session.stage == .awaitingCodeSetup {
            let factor = try SecondFactorSetup(accounts: accounts).begin(for: pending.holder.user)
            context["setup"] = factor
        }
        return context
    }

    func confirmCode(_ request: HTTPRequest, _ visit: Visit, _ fields: FormFields, page form: TemplateFormPage) throws -> HTTPResponse {
        guard let pending = visit.pendingSignIn, let old = visit.sessionSHA256 else { return SignInRedirect.redirect(to: "/sign-in") }
        let user = pending.holder.user, now = accounts.now, address = request.clientAddress
        let typed = (fields["code"] ?? "").filter { !$0.isWhitespace }
        guard !typed.isEmpty else {
            return try form.render(request, visit, FormState(fields, errors: [FieldError("code", "Enter the 6-digit code from your authenticator app")]),
                                   status: .unprocessableContent)
        }
        do {
            try accounts.throttle.checkAllowed(email: user.email, address: address, at: now)
        } catch {
            let message = "You have tried too many codes. For your security, wait until \(DisplayTime.text(error.retryAfter)) (UK time) before you try again."
            return try form.render(request, visit, FormState(fields, errors: [FieldError("code", message)]), status: .tooManyRequests)
        }
        guard try SecondFactorSetup(accounts: accounts).accept(typed, for: user) else {
            accounts.throttle.recordFailure(email: user.email, address: address, at: now)
            try accounts.store.recordFailedSignIn(email: user.email, user: user, address: address, reason: "wrong one-time code", at: now)
            return try form.render(request, visit, FormState(fields, errors: [FieldError("code", "The code is not right, or has been used already. Enter the code your app shows now")]),
                                   status: .unprocessableContent)
        }
        accounts.throttle.recordSuccess(email: user.email)
        let secret = SessionSecret.make()
        try accounts.store.replaceSession(old, with: SessionSecret.digest(secret), stage: .signedIn, at: now)
        try accounts.store.recordSignIn(user, address: address, secondFactor: true, at: now)
        var response = SignInRedirect.redirect(to: fields["next"].flatMap { SafeReturnPath.isSafe($0) ? $0 : nil } ?? "/account")
        SessionCookie.set(secret, settings: accounts.settings, on: &response)
        return response
    }
}
