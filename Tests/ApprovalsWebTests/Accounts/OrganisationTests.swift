import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Administrators add awarding organisations, then invite their users.
@Suite(.serialized) struct OrganisationTests {
    @Test func anAdminAddsAnOrganisationAndInvitesItsFirstAdministrator() throws {
        let service = try AccountsService()
        let admin = try service.signedIn("admin@institute.example")
        try admin.get("/organisations/new")
        let bad = try admin.post("/organisations/new", [("name", ""), ("ofqual_recognition_number", "5555"), ("ssa_scope", "6.1, x")])
        #expect(bad.status == 422)
        #expect(bad.body.contains("<a href=\"#name\">Enter the awarding organisation"))
        #expect(bad.body.contains("<a href=\"#ssa_scope\">") && bad.body.contains("value=\"6.1, x\""))
        let badNumber = try admin.post("/organisations/new", [("name", "Meadow Awards"), ("ofqual_recognition_number", "5555")])
        #expect(badNumber.body.contains("<a href=\"#ofqual_recognition_number\">Enter the Ofqual recognition number as RN"))
        let duplicate = try admin.post("/organisations/new", [("name", "Copy"), ("ofqual_recognition_number", "RN5137"), ("ssa_scope", "6.1")])
        #expect(duplicate.status == 422 && duplicate.body.contains("There is already an organisation with recognition number RN5137"))
        let added = try admin.post("/organisations/new", [("name", "Meadow Awards"), ("ofqual_recognition_number", "rn6001"), ("ssa_scope", "6.1, 15")])
        #expect(added.status == 303)
        #expect(try admin.get(added.location ?? "").body.contains("Meadow Awards has been added"))
        let meadow = try #require(try service.accounts.records.page(Organisation.self, limit: 100).records.first { $0.name == "Meadow Awards" })
        #expect(meadow.ofqualRecognitionNumber == "RN6001" && meadow.ssaScope.map(\.code).sorted() == ["15", "6.1"])
        #expect(try service.auditActions.contains { $0.entry.recordType == "organisation" && $0.entry.recordID == meadow.id.rawValue })
        try admin.get("/users/invite")
        let invited = try admin.post("/users/invite", [("name", "Mo Admin"), ("email", "mo@meadow.example"), ("role", "ao_admin"),
                                                      ("organisation", meadow.id.rawValue)])
        #expect(invited.status == 200)
        #expect(try service.accounts.store.holder(email: "mo@meadow.example")?.user.organisationID == meadow.id)
    }

    @Test func onlyAdminsAddOrganisations() throws {
        let service = try AccountsService()
        for email in ["admin@northbridge.example", "approver@institute.example"] {
            let client = try service.signedIn(email)
            #expect(try client.get("/organisations").status == 403)
            try client.get("/account")
            #expect(try client.post("/organisations/new", [("name", "X"), ("ofqual_recognition_number", "RN7000")]).status == 403)
        }
        #expect(try !service.accounts.records.page(Organisation.self, limit: 100).records.contains { $0.ofqualRecognitionNumber == "RN7000" })
    }
}

/// Changes of role: audited with the roles before and after, effective on the person's next page,
/// limited like invitations (an AO's administrator, its own users and AO roles only).
@Suite(.serialized) struct RoleChangeTests {
    @Test func anAOAdministratorPromotesAnEditorAndTheChangeIsAuditedAndImmediate() throws {
        let service = try AccountsService()
        let editor = try service.signedIn("editor@northbridge.example")
        #expect(try editor.get("/users").status == 403)
        let id = try #require(try service.accounts.store.holder(email: "editor@northbridge.example")).user.id
        let admin = try service.signedIn("admin@northbridge.example")
        try admin.get("/users/\(id.rawValue)")
        let staff = try admin.post("/users/\(id.rawValue)/roles", [("role", "admin")])
        #expect(staff.status == 422 && staff.body.contains("Select a role for an awarding organisation"))
        let changed = try admin.post("/users/\(id.rawValue)/roles", [("role", "ao_admin")])
        #expect(changed.status == 303)
        #expect(try editor.get("/users").status == 200)
        let event = try #require(try service.auditActions.last { $0.entry.action == "change_roles" }).entry
        #expect(event.stateBefore == "ao_editor" && event.stateAfter == "ao_admin" && event.recordID == id.rawValue)
        // Another organisation's user cannot even be found.
        let other = try #require(try service.accounts.store.holder(email: "editor@crescent.example")).user.id
        #expect(try admin.post("/users/\(other.rawValue)/roles", [("role", "ao_admin")]).status == 404)
        #expect(try service.accounts.store.holder(id: other)?.user.roles == [.aoEditor])
    }
}
