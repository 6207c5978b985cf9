import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Invitations, setting a password from a single-use link, resets and changes of password.
@Suite(.serialized) struct InvitationTests {
    static let strong = "copper kettle morning drizzle"

    func linkPath(_ body: String) throws -> String {
        let range = try #require(body.range(of: #"/account/set-password\?token=[A-Za-z0-9_-]{43}"#, options: .regularExpression))
        return String(body[range])
    }

    @Test func anAOAdminInvitesToTheirOwnOrganisationAndTheLinkWorksOnce() throws {
        let service = try AccountsService()
        let admin = try service.signedIn("admin@northbridge.example")
        try admin.get("/users/invite")
        let invited = try admin.post("/users/invite", [("name", "Dana Example"), ("email", "dana@northbridge.example"), ("role", "ao_editor"),
                                                      ("organisation", "institute")])   // ignored: an AO admin invites to their own
        #expect(invited.status == 200 && invited.body.contains("Invitation created"))
        let holder = try #require(try service.accounts.store.holder(email: "dana@northbridge.example"))
        let northbridge = try #require(try service.accounts.store.holder(email: "admin@northbridge.example")).user.organisationID
        #expect(holder.user.organisationID == northbridge && holder.user.roles == [.aoEditor] && holder.passwordHash == nil)
        #expect(try service.accounts.store.outbox().contains { $0.recipient == "dana@northbridge.example" && $0.body.contains("/account/set-password?token=") })
        #expect(try service.auditActions.contains { $0.entry.action == "invite" && $0.entry.recordReference == "dana@northbridge.example" })

        let link = try linkPath(invited.body)
        let dana = service.client()
        #expect(try dana.get(link).body.contains("Set your password"))
        let weak = try dana.post("/account/set-password", [("token", String(link.split(separator: "=")[1])), ("new_password", "password123456789"),
                                                            ("confirm_password", "password123456789")])
        #expect(weak.status == 422 && weak.body.contains("Password is too common"))
        let named = try dana.post("/account/set-password", [("token", String(link.split(separator: "=")[1])), ("new_password", "dana example dana example"),
                                                             ("confirm_password", "dana example dana example")])
        #expect(named.status == 422 && named.body.contains("There is a problem"))
        let mismatch = try dana.post("/account/set-password", [("token", String(link.split(separator: "=")[1])), ("new_password", Self.strong),
                                                                ("confirm_password", Self.strong + "!")])
        #expect(mismatch.body.contains("The passwords do not match"))
        let set = try dana.post("/account/set-password", [("token", String(link.split(separator: "=")[1])), ("new_password", Self.strong),
                                                           ("confirm_password", Self.strong)])
        #expect(set.status == 303 && set.location == "/sign-in?password_set=1")
        let reused = try dana.get(link)
        #expect(reused.status == 404 && reused.body.contains("already been used"))
        try dana.get("/sign-in")
        #expect(try dana.post("/sign-in", [("email", "dana@northbridge.example"), ("password", Self.strong)]).status == 303)
    }

    @Test func anAOAdminCannotInviteStaffOrAnotherOrganisationsUsersButAnAdminCan() throws {
        let service = try AccountsService()
        let aoAdmin = try service.signedIn("admin@northbridge.example")
        try aoAdmin.get("/users/invite")
        let staff = try aoAdmin.post("/users/invite", [("name", "Rex"), ("email", "rex@example.com"), ("role", "admin")])
        #expect(staff.status == 422 && staff.body.contains("Select a role for an awarding organisation"))
        let crescent = try #require(try service.accounts.store.holder(email: "admin@crescent.example")).user.organisationID!
        let admin = try service.signedIn("admin@institute.example")
        try admin.get("/users/invite")
        let ok = try admin.post("/users/invite", [("name", "Cleo"), ("email", "cleo@crescent.example"), ("role", "ao_admin"), ("organisation", crescent.rawValue)])
        #expect(ok.status == 200)
        let wrong = try admin.post("/users/invite", [("name", "Rex"), ("email", "rex@crescent.example"), ("role", "reviewer"), ("organisation", crescent.rawValue)])
        #expect(wrong.status == 422 && wrong.body.contains("Select a role for an awarding organisation"))
        let duplicate = try admin.post("/users/invite", [("name", "Cleo"), ("email", "CLEO@crescent.example"), ("role", "ao_admin"), ("organisation", crescent.rawValue)])
        #expect(duplicate.status == 422 && duplicate.body.contains("There is already an account"))
        let editor = try service.signedIn("editor@northbridge.example")
        try editor.get("/account")
        #expect(try editor.post("/users/invite", [("name", "X"), ("email", "x@northbridge.example"), ("role", "ao_editor")]).status == 403)
    }

    @Test func anExpiredLinkIsRefusedWithAWayForward() throws {
        let service = try AccountsService()
        let admin = try service.signedIn("admin@institute.example")
        try admin.get("/users/invite")
        let invited = try admin.post("/users/invite", [("name", "Rita"), ("email", "rita@institute.example"), ("role", "reviewer"), ("organisation", "institute")])
        let link = try linkPath(invited.body)
        service.clock.advance(service.accounts.settings.invitationLifetime)
        let expired = try service.client().get(link)
        #expect(expired.status == 404 && expired.body.contains("This link has expired"))
        #expect(try service.client().get("/account/set-password?token=nonsense").body.contains("not recognised"))
    }

    @Test func aResetLinkMadeByAnAdminReplacesThePasswordAndEndsSessions() throws {
        let service = try AccountsService()
        let editor = try service.signedIn("editor@northbridge.example")
        let id = try #require(try service.accounts.store.holder(email: "editor@northbridge.example")).user.id
        let admin = try service.signedIn("admin@northbridge.example")
        try admin.get("/users/\(id.rawValue)")
        let before = try service.accounts.store.outbox().count
        let made = try admin.post("/users/\(id.rawValue)/reset-link", [])
        // The administrator is told the link was sent, and never sees it: only the holder's email has it.
        #expect(made.status == 303 && made.location == "/users/\(id.rawValue)?reset_sent=1")
        let shown = try admin.get(made.location ?? "")
        #expect(shown.body.contains("A password reset link has been sent to editor@northbridge.example"))
        #expect(!shown.body.contains("token="))
        let outbox = try service.accounts.store.outbox()
        #expect(outbox.count == before + 1)
        let message = try #require(outbox.last)
        #expect(message.recipient == "editor@northbridge.example")
        let link = try linkPath(message.body)
        let person = service.client()
        try person.get(link)
        #expect(try person.post("/account/set-password", [("token", String(link.split(separator: "=")[1])), ("new_password", Self.strong),
                                                           ("confirm_password", Self.strong)]).status == 303)
        #expect(try editor.get("/account").status == 303, "the old session ended with the old password")
        #expect(try service.auditActions.contains { $0.entry.action == "reset_password" })
    }

    @Test func selfServiceResetRevealsNothingAndOnlyWritesToTheOutbox() throws {
        let service = try AccountsService()
        let before = try service.accounts.store.outbox().count
        var bodies: [String] = []
        for email in ["editor@northbridge.example", "nobody@nowhere.example"] {
            let client = service.client()
            try client.get("/account/reset-password")
            let response = try client.post("/account/reset-password", [("email", email)])
            #expect(response.status == 200 && !response.body.contains("token="))
            bodies.append(response.body.replacingOccurrences(of: email, with: "EMAIL"))
        }
        #expect(bodies[0] == bodies[1])
        #expect(try service.accounts.store.outbox().count == before + 1)
        // Asking again and again sends nothing more once the throttle's limit is reached.
        let client = service.client()
        try client.get("/account/reset-password")
        for _ in 0..<10 { #expect(try client.post("/account/reset-password", [("email", "editor@northbridge.example")]).status == 200) }
        #expect(try service.accounts.store.outbox().count < before + 1 + 10)
    }

    @Test func changingThePasswordChecksTheCurrentOneAndKeepsThisSession() throws {
        let service = try AccountsService()
        let email = "editor@northbridge.example"
        let other = try service.signedIn(email)
        let client = try service.signedIn(email)
        try client.get("/account/password")
        let wrong = try client.post("/account/password", [("current_password", "not it at all"), ("new_password", Self.strong), ("confirm_password", Self.strong)])
        #expect(wrong.status == 422 && wrong.body.contains("Your current password is not right"))
        let changed = try client.post("/account/password", [("current_password", service.passwords[email]!), ("new_password", Self.strong),
                                                             ("confirm_password", Self.strong)])
        #expect(changed.status == 303 && changed.location == "/account?password_changed=1")
        #expect(try client.get(changed.location ?? "").body.contains("Your password has been changed"))
        #expect(try other.get("/account").status == 303)
    }
}
