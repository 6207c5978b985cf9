import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// One-time codes for the Institute's staff: set up from the account page, asked for at sign-in,
/// never accepted twice, and required of administrators when the setting says so.
@Suite(.serialized) struct SecondFactorTests {
    func secret(in body: String) throws -> [UInt8] {
        let range = try #require(body.range(of: #"<code id="secret">[A-Z2-7 ]+</code>"#, options: .regularExpression))
        let text = body[range].dropFirst(#"<code id="secret">"#.count).dropLast("</code>".count)
        return try #require(Base32.decode(String(text).replacingOccurrences(of: " ", with: "")))
    }

    @Test func aReviewerSetsUpACodeAndIsThenAskedForItAtEverySignIn() throws {
        let service = try AccountsService()
        let email = "reviewer@institute.example"
        let client = try service.signedIn(email)
        let setup = try client.get("/account/two-factor")
        let totp = TOTP(secret: try secret(in: setup.body))
        #expect(try client.post("/account/two-factor", [("code", "000000")]).status == 422)
        let confirmed = try client.post("/account/two-factor", [("code", totp.code(at: service.clock.now()))])
        #expect(confirmed.status == 303 && confirmed.location == "/account?second_factor=1")
        try client.get("/account")
        try client.post("/sign-out", [])

        service.clock.advance(30)
        let again = service.client()
        try again.get("/sign-in")
        let first = try again.post("/sign-in", [("email", email), ("password", service.passwords[email]!), ("next", "/users")])
        #expect(first.status == 303 && first.location?.hasPrefix("/sign-in/code") == true)
        let pending = try #require(again.cookies["approvals-session"])
        #expect(try again.get("/account").status == 303, "the password alone opens nothing")
        try again.get("/sign-in/code")
        let wrong = try again.post("/sign-in/code", [("code", "123456"), ("next", "/account")])
        #expect(wrong.status == 422 && wrong.body.contains("The code is not right"))
        let code = totp.code(at: service.clock.now())
        let done = try again.post("/sign-in/code", [("code", code), ("next", "/account")])
        #expect(done.status == 303 && done.location == "/account")
        #expect(again.cookies["approvals-session"] != pending, "a new identifier once the second step is done")
        #expect(try again.get("/account").status == 200)
        let replay = service.client()
        replay.cookies["approvals-session"] = pending
        #expect(try replay.get("/account").status == 303)

        // The same code never works twice, even in another sign-in straight after.
        let third = service.client()
        try third.get("/sign-in")
        try third.post("/sign-in", [("email", email), ("password", service.passwords[email]!)])
        try third.get("/sign-in/code")
        #expect(try third.post("/sign-in/code", [("code", code)]).status == 422)
        let events = try service.auditActions.map(\.entry)
        #expect(events.contains { $0.action == "sign_in" && $0.details?.contains("\"second_factor\":\"yes\"") == true })
        #expect(events.contains { $0.action == "sign_in_failed" && $0.reason == "wrong one-time code" })
    }

    @Test func signingInAgainWithThePasswordDoesNotResetTheLimitOnGuessingCodes() throws {
        let service = try AccountsService()
        let email = "reviewer@institute.example"
        let client = try service.signedIn(email)
        let totp = TOTP(secret: try secret(in: try client.get("/account/two-factor").body))
        try client.post("/account/two-factor", [("code", totp.code(at: service.clock.now()))])
        // Five wrong codes (the per-account limit), each after a fresh, right password.
        for attempt in 0..<5 {
            let guesser = service.client()
            try guesser.get("/sign-in")
            #expect(try guesser.post("/sign-in", [("email", email), ("password", service.passwords[email]!)]).status == 303)
            try guesser.get("/sign-in/code")
            #expect(try guesser.post("/sign-in/code", [("code", String(format: "%06d", 100_000 + attempt))]).status == 422)
        }
        // The right password does not clear those failures: the account stays throttled.
        let next = service.client()
        try next.get("/sign-in")
        #expect(try next.post("/sign-in", [("email", email), ("password", service.passwords[email]!)]).status == 429)
    }

    @Test func administratorsMustSetUpACodeWhenTheSettingSaysSo() throws {
        var settings = AccountSettings()
        settings.requireSecondFactorForAdmins = true
        let service = try AccountsService(settings: settings)
        let email = "admin@institute.example"
        let client = service.client()
        try client.get("/sign-in")
        let first = try client.post("/sign-in", [("email", email), ("password", service.passwords[email]!)])
        #expect(first.location?.hasPrefix("/sign-in/code") == true)
        #expect(try client.get("/tokens").status == 303)
        let page = try client.get("/sign-in/code")
        #expect(page.body.contains("Set up your authenticator app"))
        let totp = TOTP(secret: try secret(in: page.body))
        let done = try client.post("/sign-in/code", [("code", totp.code(at: service.clock.now()))])
        #expect(done.status == 303)
        #expect(try client.get("/tokens").status == 200)
        // Other staff are not made to.
        #expect(try service.signedIn("approver@institute.example").get("/account").status == 200)
    }

    @Test func anAdminRemovesALostAuthenticatorApp() throws {
        let service = try AccountsService()
        let email = "approver@institute.example"
        let client = try service.signedIn(email)
        let totp = TOTP(secret: try secret(in: try client.get("/account/two-factor").body))
        #expect(try client.post("/account/two-factor", [("code", totp.code(at: service.clock.now()))]).status == 303)
        let id = try #require(try service.accounts.store.holder(email: email)).user.id
        // An AO's administrator cannot reach staff accounts at all.
        let aoAdmin = try service.signedIn("admin@northbridge.example")
        try aoAdmin.get("/account")
        #expect(try aoAdmin.post("/users/\(id.rawValue)/second-factor/remove", []).status == 404)
        let admin = try service.signedIn("admin@institute.example")
        #expect(try admin.get("/users/\(id.rawValue)").body.contains("Remove authenticator app"))
        #expect(try admin.post("/users/\(id.rawValue)/second-factor/remove", []).status == 303)
        #expect(try service.accounts.store.secondFactor(of: id) == nil)
        #expect(try service.signedIn(email).get("/account").status == 200, "signed in with the password alone again")
        #expect(try service.auditActions.contains { $0.entry.action == "remove_second_factor" && $0.entry.recordID == id.rawValue })
    }

    @Test func AOUsersDoNotUseAuthenticatorApps() throws {
        let service = try AccountsService()
        let client = try service.signedIn("editor@northbridge.example")
        #expect(try client.get("/account/two-factor").status == 403)
    }
}
