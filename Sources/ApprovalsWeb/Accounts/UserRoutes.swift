import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Managing users: administrators for every organisation and the Institute, an AO's administrators
/// for their own organisation only. An invitation link is shown to the person who made it (and
/// written to the outbox); a password reset link goes only to the outbox, for its holder.
struct UserRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage

    static let aoRoles: [Role] = [.aoEditor, .aoAdmin]
    static let staffRoles: [Role] = [.reviewer, .approver, .admin]

    func register(on routes: inout GuardedRoutes) {
        routes.page("/users", .read, .users(.unknownYet)) { request, visit in
            let actor = try visit.signedInActor()
            let holders = actor.has(.admin) ? try accounts.store.holders() : try accounts.store.holders(organisation: actor.organisationID ?? OrganisationID(""))
            let names = try organisationNames()
            let rows: [[String: Any]] = holders.map { holder in
                ["id": holder.user.id.rawValue, "name": holder.user.displayName, "email": holder.user.email,
                 "organisation": holder.user.organisationID.map { names[$0] ?? $0.rawValue } ?? "The Institute",
                 "roles": holder.user.roles.map(\.rawValue).sorted().joined(separator: ", "),
                 "status": !holder.isActive ? "Deactivated" : holder.passwordHash == nil ? "Invited" : "Active"]
            }
            return try page.render("users-list", visit, ["users": rows])
        }

        let invite = TemplateFormPage(page: page, template: "users-invite") { _, visit in try inviteContext(visit) }
        routes.page("/users/invite", .manageUsers, .users(.unknownYet)) { request, visit in
            try invite.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/users/invite", .manageUsers, .users(.unknownYet), page: invite) { request, visit, fields in
            try self.invite(request, visit, fields, page: invite)
        }

        let show = TemplateFormPage(page: page, template: "users-show") { request, visit in try userContext(request, visit) }
        routes.page("/users/:id", .read, .users(.unknownYet)) { request, visit in
            try show.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/users/:id/deactivate", .manageUsers, .users(.unknownYet), page: show) { request, visit, _ in
            let holder = try target(request, visit, .manageUsers)
            let actor = try visit.signedInActor()
            guard holder.user.id != actor.id else {
                return try show.render(request, visit, FormState(errors: [FieldError(nil, "You cannot deactivate your own account. Ask another administrator.")]),
                                       status: .unprocessableContent)
            }
            try accounts.store.deactivate(holder.user.id, by: actor, at: accounts.now)
            return SignInRedirect.redirect(to: "/users/\(holder.user.id.rawValue)?deactivated=1")
        }
        routes.form("/users/:id/roles", .manageUsers, .users(.unknownYet), page: show) { request, visit, fields in
            let holder = try target(request, visit, .manageUsers)
            let actor = try visit.signedInActor()
            let allowed = holder.user.organisationID == nil ? Self.staffRoles : Self.aoRoles
            guard let role = Role(rawValue: fields["role"] ?? ""), allowed.contains(role) else {
                return try show.render(request, visit, FormState(fields, errors: [FieldError("role", holder.user.organisationID == nil
                    ? "Select a role for the Institute's staff: reviewer, approver or admin"
                    : "Select a role for an awarding organisation's user: ao_editor or ao_admin")]), status: .unprocessableContent)
            }
            guard holder.user.id != actor.id else {
                return try show.render(request, visit, FormState(errors: [FieldError("role", "You cannot change your own role. Ask another administrator.")]),
                                       status: .unprocessableContent)
            }
            try accounts.store.changeRoles(holder.user.id, to: [role], by: actor, at: accounts.now)
            return SignInRedirect.redirect(to: "/users/\(holder.user.id.rawValue)?role_changed=1")
        }
        routes.form("/users/:id/second-factor/remove", .manageUsers, .users(.unknownYet), page: show) { request, visit, _ in
            let holder = try target(request, visit, .manageUsers)
            try accounts.store.removeSecondFactor(of: holder.user, by: visit.signedInActor(), at: accounts.now)
            return SignInRedirect.redirect(to: "/users/\(holder.user.id.rawValue)?second_factor_removed=1")
        }
        routes.form("/users/:id/reset-link", .manageUsers, .users(.unknownYet), page: show) { request, visit, _ in
            let holder = try target(request, visit, .manageUsers)
            guard holder.isActive else {
                return try show.render(request, visit, FormState(errors: [FieldError(nil, "This account is deactivated, so it cannot have a password reset link.")]),
                                       status: .unprocessableContent)
            }
            let actor = try visit.signedInActor()
            let purpose: AccountLinkPurpose = holder.passwordHash == nil ? .invitation : .passwordReset
            let issued = AccountLinks(accounts: accounts).make(for: holder.user, purpose: purpose, base: request.linkBase(accounts.settings), invitedBy: actor)
            try accounts.store.issueLink(for: holder.user.id, purpose: purpose, linkSHA256: issued.tokenSHA256, expiresAt: issued.expiresAt,
                                         message: issued.message, by: actor, at: accounts.now)
            // A reset link is for the account's holder alone: it goes to their email (the outbox) and
            // the person acting learns only that it was sent. Someone who could read it could take
            // over the account, so it is never shown, even to an administrator.
            guard purpose == .invitation else {
                return SignInRedirect.redirect(to: "/users/\(holder.user.id.rawValue)?reset_sent=1")
            }
            return try linkShown(visit, holder.user, issued, heading: "New invitation link created")
        }
    }

    func invite(_ request: HTTPRequest, _ visit: Visit, _ fields: FormFields, page invite: TemplateFormPage) throws -> HTTPResponse {
        let actor = try visit.signedInActor()
        let name = (fields["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let email = (fields["email"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var organisationField = fields["organisation"] ?? ""
        if !actor.has(.admin) { organisationField = actor.organisationID?.rawValue ?? "" }
        let names = try organisationNames()
        var errors: [FieldError] = []
        if name.isEmpty { errors.append(FieldError("name", "Enter the person's full name")) }
        if !Self.isEmail(email) { errors.append(FieldError("email", "Enter an email address in the correct format, like name@example.com")) }
        let organisation: OrganisationID? = organisationField == "institute" ? nil : OrganisationID(organisationField)
        if let organisation, names[organisation] == nil { errors.append(FieldError("organisation", "Select the organisation the person works for")) }
        if organisationField.isEmpty { errors.append(FieldError("organisation", "Select the organisation the person works for")) }
        let role = Role(rawValue: fields["role"] ?? "")
        let allowed = organisation == nil ? Self.staffRoles : Self.aoRoles
        if let role, !allowed.contains(role) {
            errors.append(FieldError("role", organisation == nil
                ? "Select a role for the Institute's staff: reviewer, approver or admin"
                : "Select a role for an awarding organisation's user: ao_editor or ao_admin"))
        } else if role == nil {
            errors.append(FieldError("role", "Select the person's role"))
        }
        if errors.isEmpty, try accounts.store.holder(email: email) != nil {
            errors.append(FieldError("email", "There is already an account for this email address"))
        }
        guard errors.isEmpty, let role else {
            return try invite.render(request, visit, FormState(fields, errors: errors), status: .unprocessableContent)
        }
        try visit.require(.manageUsers, .users(organisation.map(UsersScope.organisation) ?? .institute), recordType: "organisation",
                          recordID: organisation?.rawValue ?? "institute")
        let user = UserAccount(id: UserID(RecordStore.newIdentifier()), email: email, displayName: name, organisationID: organisation, roles: [role])
        let issued = Invitation(accounts: accounts).issue(user, by: actor, base: request.linkBase(accounts.settings))
        do {
            try accounts.store.invite(user, linkSHA256: issued.tokenSHA256, expiresAt: issued.expiresAt, message: issued.message, by: actor, at: accounts.now)
        } catch AccountStoreError.emailInUse {
            return try invite.render(request, visit, FormState(fields, errors: [FieldError("email", "There is already an account for this email address")]),
                                     status: .unprocessableContent)
        }
        return try linkShown(visit, user, issued, heading: "Invitation created")
    }

    func linkShown(_ visit: Visit, _ user: UserAccount, _ issued: AccountLinks.Issued, heading: String) throws -> HTTPResponse {
        try page.render("users-link", visit, [
            "heading": heading, "name": user.displayName, "email": user.email, "url": issued.url,
            "expires": DisplayTime.text(issued.expiresAt), "subject": issued.message.subject, "body": issued.message.body,
            "userID": user.id.rawValue,
        ])
    }

    /// The user named in the path, if the visit may do `action` to them. Someone the policy hides
    /// (another AO's user) is answered as if there were no such user, and the attempt audited.
    func target(_ request: HTTPRequest, _ visit: Visit, _ action: AccessAction) throws -> AccountHolder {
        let id = request.parameters["id"] ?? ""
        guard let holder = try accounts.store.holder(id: UserID(id)) else { throw RoutingError.notFound }
        let scope: UsersScope = holder.user.organisationID.map(UsersScope.organisation) ?? .institute
        try visit.require(action, .users(scope), recordType: "user", recordID: id)
        return holder
    }

    func userContext(_ request: HTTPRequest, _ visit: Visit) throws -> [String: Any] {
        let holder = try target(request, visit, .read)
        let names = try organisationNames()
        var context: [String: Any] = [
            "id": holder.user.id.rawValue, "name": holder.user.displayName, "email": holder.user.email,
            "organisation": holder.user.organisationID.map { names[$0] ?? $0.rawValue } ?? "The Institute",
            "roles": holder.user.roles.map(\.rawValue).sorted().joined(separator: ", "),
            "active": holder.isActive, "invited": holder.passwordHash == nil,
            "canManage": visit.decision(.manageUsers, .users(holder.user.organisationID.map(UsersScope.organisation) ?? .institute)).isAllowed,
            "isSelf": visit.actor?.id == holder.user.id,
        ]
        if let disabled = holder.disabledAt { context["deactivatedAt"] = DisplayTime.text(disabled) }
        context["roleOptions"] = (holder.user.organisationID == nil ? Self.staffRoles : Self.aoRoles).map { role -> [String: Any] in
            var option: [String: Any] = roleOption(role)
            option["checked"] = holder.user.roles.contains(role)
            return option
        }
        let query = try request.queryParameters()
        if query["role_changed"] != nil { context["notice"] = "The role has been changed. It applies from the person's next page." }
        if query["second_factor_removed"] != nil { context["notice"] = "The authenticator app has been removed from this account." }
        context["hasSecondFactor"] = try accounts.store.secondFactor(of: holder.user.id)?.isConfirmed == true
        if query["reset_sent"] != nil { context["notice"] = "A password reset link has been sent to \(holder.user.email). It works once, for a limited time." }
        if query["deactivated"] != nil { context["notice"] = "The account has been deactivated and its sessions ended." }
        return context
    }

    func inviteContext(_ visit: Visit) throws -> [String: Any] {
        let actor = try visit.signedInActor()
        let names = try organisationNames()
        if actor.has(.admin) {
            var options: [[String: String]] = [["value": "institute", "label": "The Institute (staff)"]]
            options += names.sorted { $0.value < $1.value }.map { ["value": $0.key.rawValue, "label": $0.value] }
            return ["organisations": options, "roles": (Self.aoRoles + Self.staffRoles).map(roleOption), "chooseOrganisation": true]
        }
        return ["ownOrganisation": actor.organisationID.flatMap { names[$0] } ?? "", "roles": Self.aoRoles.map(roleOption)]
    }

    func roleOption(_ role: Role) -> [String: String] {
        let hint: String = switch role {
        case .aoEditor: "An awarding organisation's user: prepares and submits its records"
        case .aoAdmin: "As an AO user, and also manages the organisation's users"
        case .reviewer: "The Institute's official who reviews submissions"
        case .approver: "Records the approvals committee's decisions"
        case .admin: "Runs the service: cycles, organisations, users, tokens"
        case .apiClient: "Read-only API access"
        }
        return ["value": role.rawValue, "hint": hint]
    }

    func organisationNames() throws -> [OrganisationID: String] {
        Dictionary(try accounts.records.page(Organisation.self, limit: 1000).records.map { ($0.id, $0.name) }) { first, _ in first }
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(where: \.isWhitespace) && text.count <= 254
    }
}
