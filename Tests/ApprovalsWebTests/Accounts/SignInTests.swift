import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Sign-in and sign-out over real sockets: the cookie's attributes, a new identifier at sign-in,
/// one message for every kind of failure, expiry (idle, absolute, deactivation), throttling, and the
/// audit trail of each.
@Suite(.serialized) struct SignInTests {
    static let editor = "editor@northbridge.example"

    @Test func signingInSetsAHardenedCookieWithANewIdentifierAndIsAudited() throws {
        let service = try AccountsService()
        let client = service.client()
        // A planted session identifier (session fixation) is not adopted.
        client.cookies["approvals-session"] = "planted-by-an-attacker"
        let page = try client.get("/sign-in")
        #expect(page.status == 200 && page.body.contains("<h1>Sign in</h1>"))
        let visitor = try #require(page.headers("Set-Cookie").first { $0.hasPrefix("approvals-visitor=") })
        #expect(visitor.contains("HttpOnly") && visitor.contains("SameSite=Lax") && !visitor.contains("Secure"))
        let response = try client.post("/sign-in", [("email", Self.editor), ("password", service.passwords[Self.editor]!), ("next", "/users")])
        #expect(response.status == 303 && response.location == "/users")
        let cookie = try #require(response.headers("Set-Cookie").first { $0.hasPrefix("approvals-session=") })
        #expect(cookie.contains("; Path=/") && cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Lax") && !cookie.contains("Secure"))
        let secret = try #require(client.cookies["approvals-session"])
        #expect(secret != "planted-by-an-attacker" && Base64URL.decode(secret)?.count == 32)
        // Only the digest is stored.
        let stored = try service.database.pool.read { db in try String.fetchAll(db, sql: "SELECT id_sha256 FROM sessions") }
        #expect(stored.contains(SessionSecret.digest(secret)) && !stored.contains(secret))
        #expect(try client.get("/account").body.contains("Nia Editor"))
        let signIn = try #require(try service.auditActions.last { $0.entry.action == "sign_in" })
        #expect(signIn.entry.recordReference == Self.editor && signIn.entry.actorOrganisationID != nil)
    }

    @Test func theCookieIsSecureWhenServedOverHTTPS() throws {
        var settings = AccountSettings()
        settings.secureCookies = true
        let service = try AccountsService(settings: settings)
        let client = service.client()
        try client.get("/sign-in")
        let response = try client.post("/sign-in", [("email", Self.editor), ("password", service.passwords[Self.editor]!)])
        let cookie = try #require(response.headers("Set-Cookie").first)
        #expect(cookie.hasPrefix("__Host-approvals-session=") && cookie.contains("; Secure") && cookie.contains("; HttpOnly"))
        #expect(response.headers("Strict-Transport-Security").first == "max-age=31536000; includeSubDomains")
    }

    @Test func noHSTSOverPlainHTTP() throws {
        let service = try AccountsService()
        let response = try service.client().get("/sign-in")
        #expect(response.headers("Strict-Transport-Security").isEmpty)
    }

    @Test func everyFailureGetsTheSameMessageAndIsAudited() throws {
        let service = try AccountsService()
        let deactivated = "editor@harbour.example"
        let admin = Actor(id: UserID("admin"), roles: [.admin])
        try service.accounts.store.deactivate(try #require(try service.accounts.store.holder(email: deactivated)).user.id, by: admin, at: service.clock.now())
        var bodies: [String] = []
        for (email, password) in [(Self.editor, "not the password at all"), ("nobody@nowhere.example", "whatever it may be"),
                                  (deactivated, service.passwords[deactivated]!), ("api@dfe.example", "an api client account")] {
            let client = service.client()
            try client.get("/sign-in")
            let response = try client.post("/sign-in", [("email", email), ("password", password)])
            #expect(response.status == 422, "\(email)")
            #expect(response.body.contains("There is a problem") && response.body.contains(SignInRoutes.wrongCredentials))
            #expect(response.body.contains("value=\"\(email)\""), "the email typed is kept")
            #expect(!response.body.contains(password), "the password is never sent back")
            #expect(client.cookies["approvals-session"] == nil)
            bodies.append(response.body.replacingOccurrences(of: email, with: "EMAIL")
                .replacingOccurrences(of: #"value="[A-Za-z0-9_-]{43}""#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #"<code>[0-9a-f]+</code>"#, with: "", options: .regularExpression))
        }
        #expect(Set(bodies).count == 1, "nothing tells which accounts exist")
        let failures = try service.auditActions.filter { $0.entry.action == "sign_in_failed" }.map(\.entry)
        #expect(failures.map(\.reason) == ["wrong password", "unknown email", "account deactivated", "no password set"])
    }

    @Test func emptyFieldsAreNamedInTheErrorSummary() throws {
        let service = try AccountsService()
        let client = service.client()
        try client.get("/sign-in")
        let response = try client.post("/sign-in", [("email", ""), ("password", "")])
        #expect(response.status == 422)
        #expect(response.body.contains("<a href=\"#email\">Enter your email address</a>"))
        #expect(response.body.contains("<a href=\"#password\">Enter your password</a>"))
        #expect(response.body.contains("<title>Error: Sign in"))
    }

    @Test func signingOutEndsTheSessionForGood() throws {
        let service = try AccountsService()
        let client = try service.signedIn(Self.editor)
        let secret = try #require(client.cookies["approvals-session"])
        try client.get("/account")
        let out = try client.post("/sign-out", [])
        #expect(out.status == 303 && out.location == "/sign-in?signed_out=1")
        #expect(out.headers("Set-Cookie").contains { $0.hasPrefix("approvals-session=;") && $0.contains("Max-Age=0") })
        // Replaying the old cookie gets nothing.
        let replay = service.client()
        replay.cookies["approvals-session"] = secret
        #expect(try replay.get("/account").status == 303)
        #expect(try client.get("/sign-in?signed_out=1").body.contains("You have signed out."))
    }

    @Test func signOutNeedsTheCSRFTokenAndLosesNothing() throws {
        let service = try AccountsService()
        let client = try service.signedIn(Self.editor)
        try client.get("/account")
        let missing = try client.post("/sign-out", [], csrf: .none)
        #expect(missing.status == 403 && missing.body.contains("There is a problem") && missing.body.contains("Nothing was saved"))
        let wrong = try client.post("/sign-out", [], csrf: .value("forged"))
        #expect(wrong.status == 403)
        #expect(try client.get("/account").status == 200, "still signed in")
        // The page that came back carries a fresh token that works.
        _ = try client.post("/sign-out", [], csrf: .none)
        #expect(try client.post("/sign-out", []).status == 303)
    }

    @Test func aCSRFFailureBringsTheFormBackWithWhatWasTyped() throws {
        let service = try AccountsService()
        let client = try service.signedIn("admin@institute.example")
        try client.get("/users/invite")
        let response = try client.post("/users/invite", [("name", "Dana Example"), ("email", "dana@northbridge.example"), ("role", "ao_editor")],
                                       csrf: .value("a-token-from-another-session"))
        #expect(response.status == 403)
        #expect(response.body.contains("There is a problem") && response.body.contains("Nothing was saved"))
        #expect(response.body.contains("value=\"Dana Example\"") && response.body.contains("value=\"dana@northbridge.example\""))
        #expect(try service.accounts.store.holder(email: "dana@northbridge.example") == nil)
        // A token of the anonymous visitor is no good once signed in, and vice versa.
        let anonymous = service.client()
        try anonymous.get("/sign-in")
        let stolen = try #require(anonymous.lastCSRFToken)
        #expect(try client.post("/users/invite", [("name", "Dana")], csrf: .value(stolen)).status == 403)
    }

    @Test func theSignInFormItselfNeedsTheToken() throws {
        let service = try AccountsService()
        let client = service.client()
        try client.get("/sign-in")
        let response = try client.post("/sign-in", [("email", Self.editor), ("password", service.passwords[Self.editor]!)], csrf: .none)
        #expect(response.status == 403 && response.body.contains("value=\"\(Self.editor)\""))
        #expect(client.cookies["approvals-session"] == nil)
    }

    @Test func sessionsEndAfterIdleTimeAndAtTheirAbsoluteEnd() throws {
        var settings = AccountSettings()
        settings.idleTimeout = 30 * 60
        settings.absoluteLifetime = 2 * 60 * 60
        let service = try AccountsService(settings: settings)
        let idle = try service.signedIn(Self.editor)
        let busy = try service.signedIn("admin@northbridge.example")
        service.clock.advance(29 * 60)
        #expect(try busy.get("/account").status == 200)
        service.clock.advance(2 * 60)   // 31 minutes since the idle one was last seen
        #expect(try idle.get("/account").status == 303)
        for _ in 0..<3 {
            service.clock.advance(25 * 60)
            #expect(try busy.get("/account").status == 200)
        }
        service.clock.advance(15 * 60)   // 121 minutes since sign-in, though active
        let ended = try busy.get("/account")
        #expect(ended.status == 303 && ended.location == "/sign-in?next=%2Faccount")
    }

    @Test func deactivationEndsOpenSessionsAtOnce() throws {
        let service = try AccountsService()
        let victim = try service.signedIn(Self.editor)
        #expect(try victim.get("/account").status == 200)
        let admin = try service.signedIn("admin@northbridge.example")
        let id = try #require(try service.accounts.store.holder(email: Self.editor)).user.id
        try admin.get("/users/\(id.rawValue)")
        let response = try admin.post("/users/\(id.rawValue)/deactivate", [])
        #expect(response.status == 303)
        #expect(try victim.get("/account").status == 303)
        let again = service.client()
        try again.get("/sign-in")
        #expect(try again.post("/sign-in", [("email", Self.editor), ("password", service.passwords[Self.editor]!)]).status == 422)
        #expect(try service.auditActions.contains { $0.entry.action == "deactivate" && $0.entry.recordID == id.rawValue })
    }

    @Test func repeatedFailuresAreThrottledPerAccountWithoutRevealingIt() throws {
        var limits = SignInThrottle.Limits()
        limits.failuresPerAccount = 3
        limits.failuresPerAddress = 6
        let service = try AccountsService(limits: limits)
        for email in [Self.editor, "nobody@nowhere.example"] {
            let client = service.client()
            try client.get("/sign-in")
            for _ in 0..<3 { #expect(try client.post("/sign-in", [("email", email), ("password", "wrong password here")]).status == 422) }
            // Now even the right password is refused until the window passes, with the same message for both.
            let throttled = try client.post("/sign-in", [("email", email), ("password", service.passwords[email] ?? "x")])
            #expect(throttled.status == 429, "\(email)")
            #expect(throttled.body.contains("You have tried to sign in too many times"))
            #expect(Int(throttled.header("Retry-After") ?? "") ?? 0 > 0)
            AccessMatrixTests.expectSecurityHeaders(throttled, "429")
        }
        // Per address: 6 failures from one place stop guessing at any account from there.
        let client = service.client()
        try client.get("/sign-in")
        #expect(try client.post("/sign-in", [("email", "approver@institute.example"), ("password", "wrong password here")]).status == 429)
        // After the window, the right password works again.
        service.clock.advance(16 * 60)
        #expect(try client.post("/sign-in", [("email", Self.editor), ("password", service.passwords[Self.editor]!)]).status == 303)
    }

    @Test func aHashMadeWithWeakerParametersIsReplacedAtSignIn() throws {
        let service = try AccountsService()
        let holder = try #require(try service.accounts.store.holder(email: Self.editor))
        let weak = PasswordHasher(costN: 1 << 9).hash(service.passwords[Self.editor]!)
        try service.accounts.store.setPassword(holder.user.id, passwordHash: weak, by: holder.user.actor, at: service.clock.now())
        _ = try service.signedIn(Self.editor)
        let upgraded = try #require(try service.accounts.store.holder(email: Self.editor)?.passwordHash)
        #expect(upgraded != weak && upgraded.hasPrefix("scrypt$1024$8$1$"))
        #expect(try service.signedIn(Self.editor).get("/account").status == 200)
    }

    @Test func aReturnAddressCanOnlyBeOnThisSite() throws {
        let service = try AccountsService()
        for next in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
            let client = service.client()
            try client.get("/sign-in")
            let response = try client.post("/sign-in", [("email", Self.editor), ("password", service.passwords[Self.editor]!), ("next", next)])
            #expect(response.location == "/account", "\(next)")
        }
    }
}
