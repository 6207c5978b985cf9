import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// API tokens over real sockets: made by admins and shown once, stored as digests, refused once
/// revoked or expired, last use recorded, and never accepted in place of a session on the pages.
@Suite(.serialized) struct APITokenTests {
    @Test func anAdminMakesATokenThatIsShownOnceAndWorksOnTheAPI() throws {
        let service = try AccountsService()
        let admin = try service.signedIn("admin@institute.example")
        try admin.get("/tokens")
        let made = try admin.post("/tokens", [("name", "Ofqual register sync"), ("expires", "2099-12-31")])
        #expect(made.status == 200 && made.body.contains("Token made"))
        let range = try #require(made.body.range(of: #"apr_[A-Za-z0-9_-]{43}"#, options: .regularExpression))
        let token = String(made.body[range])
        // Never shown again, never stored.
        let list = try admin.get("/tokens")
        #expect(list.body.contains("Ofqual register sync") && !list.body.contains(token))
        let stored = try service.database.pool.read { db in try String.fetchAll(db, sql: "SELECT token_sha256 FROM api_tokens") }
        #expect(stored == [SessionSecret.digest(token)])

        let client = service.client()
        client.extraHeaders["Authorization"] = "Bearer \(token)"
        let read = try client.get("/api/v1/probe")
        #expect(read.status == 200 && read.body == "read by Ofqual register sync")
        #expect(try service.accounts.store.tokens().first?.lastUsedAt != nil)
        #expect(try service.auditActions.contains { $0.entry.recordType == "api_token" && $0.entry.action == "create" })
    }

    @Test func badTokenFormsAreNamedAndKept() throws {
        let service = try AccountsService()
        let admin = try service.signedIn("admin@institute.example")
        try admin.get("/tokens")
        let response = try admin.post("/tokens", [("name", "DfE"), ("expires", "31/12/2099")])
        #expect(response.status == 422 && response.body.contains("<a href=\"#expires\">Enter the expiry date as year-month-day"))
        #expect(response.body.contains("value=\"DfE\"") && response.body.contains("value=\"31/12/2099\""))
        let past = try admin.post("/tokens", [("name", "DfE"), ("expires", "2001-01-01")])
        #expect(past.status == 422 && past.body.contains("The expiry date must be in the future"))
        #expect(try service.accounts.store.tokens().isEmpty)
    }

    @Test func revocationTakesEffectOnTheNextRequest() throws {
        let service = try AccountsService()
        let (token, record) = try service.makeToken()
        let client = service.client()
        client.extraHeaders["Authorization"] = "Bearer \(token)"
        #expect(try client.get("/api/v1/probe").status == 200)
        let admin = try service.signedIn("admin@institute.example")
        try admin.get("/tokens")
        #expect(try admin.post("/tokens/\(record.id)/revoke", []).status == 303)
        let refused = try client.get("/api/v1/probe")
        #expect(refused.status == 401 && refused.header("WWW-Authenticate")?.contains("invalid_token") == true)
        #expect(refused.header("Content-Type") == "application/problem+json")
        AccessMatrixTests.expectSecurityHeaders(refused, "revoked token")
        #expect(try service.auditActions.contains { $0.entry.action == "revoke" && $0.entry.recordID == record.id })
    }

    @Test func anExpiredOrUnknownTokenIsRefused() throws {
        let service = try AccountsService()
        let (token, _) = try service.makeToken(expiresIn: 3600)
        let client = service.client()
        client.extraHeaders["Authorization"] = "Bearer \(token)"
        #expect(try client.get("/api/v1/probe").status == 200)
        service.clock.advance(3600)
        #expect(try client.get("/api/v1/probe").status == 401)
        client.extraHeaders["Authorization"] = "Bearer apr_not-a-token"
        #expect(try client.get("/api/v1/probe").status == 401)
        client.extraHeaders["Authorization"] = "Basic dXNlcjpwYXNz"
        #expect(try client.get("/api/v1/probe").status == 401)
    }

    @Test func aSessionCookieDoesNotOpenTheAPIAndATokenDoesNotOpenThePages() throws {
        let service = try AccountsService()
        let admin = try service.signedIn("admin@institute.example")
        let api = try admin.get("/api/v1/probe")
        #expect(api.status == 401 && api.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        let (token, _) = try service.makeToken()
        let client = service.client()
        client.extraHeaders["Authorization"] = "Bearer \(token)"
        #expect(try client.get("/tokens").status == 303)
    }

    @Test func onlyAdminsMakeOrRevokeTokens() throws {
        let service = try AccountsService()
        let (_, record) = try service.makeToken()
        for email in ["approver@institute.example", "admin@northbridge.example"] {
            let client = try service.signedIn(email)
            try client.get("/account")
            #expect(try client.post("/tokens", [("name", "mine"), ("expires", "2099-01-01")]).status == 403)
            #expect(try client.post("/tokens/\(record.id)/revoke", []).status == 403)
        }
        #expect(try service.accounts.store.tokens().count == 1 && service.accounts.store.tokens()[0].revokedAt == nil)
    }
}
