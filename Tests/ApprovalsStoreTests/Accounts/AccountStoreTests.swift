import Approvals
@testable import ApprovalsStore
import Foundation
import GRDB
import Testing

/// The accounts tables on a real SQLite file: secrets stored only as digests, single-use expiring
/// links, sessions that end (one by one, all at once on deactivation, on a password change), second
/// factor codes that never work twice, tokens that can be revoked, and the audit trail of each.
@Suite struct AccountStoreTests {
    let folder: TemporaryDataFolder
    let database: ApprovalsDatabase
    let accounts: AccountStore
    let admin = Actor(id: UserID("admin-1"), roles: [.admin], displayName: "Admin")
    let t0 = Fixtures.instant

    init() throws {
        folder = try TemporaryDataFolder()
        database = try Fixtures.open(folder)
        accounts = AccountStore(database: database)
        _ = try Fixtures.seed(RecordStore(database: database))
    }

    func digest(_ n: Int) -> String { String(repeating: String(n % 10), count: 64) }

    func invite(_ email: String = "nia@northbridge.example", roles: Set<Role> = [.aoEditor], link: String? = nil) throws -> UserAccount {
        let user = UserAccount(id: UserID(UUID().uuidString), email: email, displayName: "Nia Editor",
                               organisationID: OrganisationID("org-1"), roles: roles)
        try accounts.invite(user, linkSHA256: link ?? digest(1), expiresAt: t0.addingTimeInterval(3600),
                            message: OutboxMessage(recipient: email, subject: "Invited", body: "link", createdAt: t0), by: admin, at: t0)
        return user
    }

    func actions() throws -> [String] { try RecordStore(database: database).auditEvents(after: 0, limit: 500).map(\.entry.action) }

    @Test func invitationCreatesUserLinkAndOutboxMessageAudited() throws {
        let user = try invite()
        let holder = try #require(try accounts.holder(email: "NIA@northbridge.example"))
        #expect(holder.user == user && holder.passwordHash == nil && holder.isActive)
        #expect(try accounts.outbox().map(\.recipient) == ["nia@northbridge.example"])
        #expect(try actions().contains("invite"))
        #expect(throws: AccountStoreError.emailInUse("nia@northbridge.example")) { try invite(link: digest(2)) }
        #expect(try database.verifyAudit().holds)
    }

    @Test func linkWorksOnceUntilItExpires() throws {
        let user = try invite()
        #expect(try accounts.validLink(digest(1), at: t0).user.id == user.id)
        #expect(throws: AccountLinkRefusal.expired) { try accounts.validLink(digest(1), at: t0.addingTimeInterval(3600)) }
        #expect(throws: AccountLinkRefusal.unknown) { try accounts.validLink(digest(9), at: t0) }
        try accounts.redeemLink(digest(1), passwordHash: "scrypt$hash", at: t0.addingTimeInterval(60))
        #expect(try accounts.holder(id: user.id)?.passwordHash == "scrypt$hash")
        #expect(throws: AccountLinkRefusal.used) { try accounts.validLink(digest(1), at: t0) }
        #expect(throws: AccountLinkRefusal.used) { try accounts.redeemLink(digest(1), passwordHash: "other", at: t0.addingTimeInterval(61)) }
        #expect(try accounts.holder(id: user.id)?.passwordHash == "scrypt$hash")
        #expect(try actions().contains("accept_invitation"))
    }

    @Test func sessionsExpireWhenIdleOrPastTheirAbsoluteEnd() throws {
        let user = try invite()
        try accounts.openSession(idSHA256: digest(3), userID: user.id, stage: .signedIn, at: t0, expiresAt: t0.addingTimeInterval(7200))
        #expect(try accounts.openSession(digest(3), at: t0.addingTimeInterval(1700), idleTimeout: 1800) != nil)
        try accounts.touchSession(digest(3), at: t0.addingTimeInterval(1700))
        #expect(try accounts.openSession(digest(3), at: t0.addingTimeInterval(3400), idleTimeout: 1800) != nil)
        // Idle for the whole timeout: ended, and stays ended.
        #expect(try accounts.openSession(digest(3), at: t0.addingTimeInterval(1700 + 1800), idleTimeout: 1800) == nil)
        #expect(try accounts.openSession(digest(3), at: t0.addingTimeInterval(1800), idleTimeout: 1800) == nil)

        try accounts.openSession(idSHA256: digest(4), userID: user.id, stage: .signedIn, at: t0, expiresAt: t0.addingTimeInterval(600))
        try accounts.touchSession(digest(4), at: t0.addingTimeInterval(590))
        #expect(try accounts.openSession(digest(4), at: t0.addingTimeInterval(600), idleTimeout: 1800) == nil)
    }

    @Test func deactivationEndsEverySessionAtOnceAndIsAudited() throws {
        let user = try invite()
        for n in 5...7 {
            try accounts.openSession(idSHA256: digest(n), userID: user.id, stage: .signedIn, at: t0, expiresAt: t0.addingTimeInterval(7200))
        }
        #expect(try accounts.unendedSessions(of: user.id).count == 3)
        try accounts.deactivate(user.id, by: admin, at: t0.addingTimeInterval(10))
        #expect(try accounts.unendedSessions(of: user.id).isEmpty)
        #expect(try accounts.openSession(digest(5), at: t0.addingTimeInterval(11), idleTimeout: 1800) == nil)
        #expect(try accounts.holder(id: user.id)?.isActive == false)
        #expect(try actions().contains("deactivate"))
        #expect(throws: AccountLinkRefusal.accountDeactivated) { try accounts.validLink(digest(1), at: t0) }
    }

    @Test func changingThePasswordEndsTheOtherSessionsOnly() throws {
        let user = try invite()
        try accounts.openSession(idSHA256: digest(5), userID: user.id, stage: .signedIn, at: t0, expiresAt: t0.addingTimeInterval(7200))
        try accounts.openSession(idSHA256: digest(6), userID: user.id, stage: .signedIn, at: t0, expiresAt: t0.addingTimeInterval(7200))
        try accounts.changePassword(user.id, passwordHash: "new", keepingSession: digest(5), at: t0.addingTimeInterval(5))
        #expect(try accounts.unendedSessions(of: user.id).map(\.idSHA256) == [digest(5)])
    }

    @Test func replacingASessionGivesANewIdentifierWithTheSameAbsoluteEnd() throws {
        let user = try invite(roles: [.aoEditor])
        try accounts.openSession(idSHA256: digest(5), userID: user.id, stage: .awaitingCode, at: t0, expiresAt: t0.addingTimeInterval(7200))
        try accounts.replaceSession(digest(5), with: digest(6), stage: .signedIn, at: t0.addingTimeInterval(30))
        #expect(try accounts.openSession(digest(5), at: t0.addingTimeInterval(31), idleTimeout: 1800) == nil)
        let replaced = try #require(try accounts.openSession(digest(6), at: t0.addingTimeInterval(31), idleTimeout: 1800))
        #expect(replaced.session.stage == .signedIn && replaced.session.expiresAt == t0.addingTimeInterval(7200))
    }

    @Test func aTimeStepIsAcceptedOnceAndOnlyForward() throws {
        let user = try invite(roles: [.aoEditor])
        try accounts.beginSecondFactor(of: user.id, secretBase32: "JBSWY3DPEHPK3PXP", at: t0)
        #expect(try accounts.secondFactor(of: user.id)?.isConfirmed == false)
        #expect(try accounts.acceptCode(of: user, counter: 100, at: t0))
        #expect(try accounts.secondFactor(of: user.id)?.isConfirmed == true)
        #expect(try !accounts.acceptCode(of: user, counter: 100, at: t0))
        #expect(try !accounts.acceptCode(of: user, counter: 99, at: t0))
        #expect(try accounts.acceptCode(of: user, counter: 101, at: t0))
        // A confirmed secret is not replaced by starting again.
        try accounts.beginSecondFactor(of: user.id, secretBase32: "AAAAAAAAAAAAAAAA", at: t0)
        #expect(try accounts.secondFactor(of: user.id)?.secretBase32 == "JBSWY3DPEHPK3PXP")
        #expect(try actions().filter { $0 == "confirm_second_factor" }.count == 1)
    }

    @Test func tokensAreStoredAsDigestsAndStopAtRevocationOrExpiry() throws {
        let token = try accounts.createToken(name: "Ofqual sync", tokenSHA256: digest(8), expiresAt: t0.addingTimeInterval(3600), by: admin, at: t0)
        let used = try #require(try accounts.useToken(digest(8), at: t0.addingTimeInterval(10)))
        #expect(used.id == token.id && used.actor.isAPIClient)
        #expect(try accounts.token(idOrName: "Ofqual sync")?.lastUsedAt == t0.addingTimeInterval(10))
        #expect(try accounts.useToken(digest(8), at: t0.addingTimeInterval(3600)) == nil)
        #expect(try accounts.useToken(digest(9), at: t0) == nil)
        try accounts.revokeToken(id: token.id, by: admin, at: t0.addingTimeInterval(20))
        #expect(try accounts.useToken(digest(8), at: t0.addingTimeInterval(21)) == nil)
        let stored = try database.pool.read { db in try String.fetchAll(db, sql: "SELECT token_sha256 FROM api_tokens") }
        #expect(stored == [digest(8)])
        #expect(try actions().suffix(2) == ["create", "revoke"])
        #expect(throws: AccountStoreError.unknownToken) { try accounts.revokeToken(id: "nope", by: admin, at: t0) }
    }

    @Test func signInsFailuresAndRefusedAccessAreAudited() throws {
        let user = try invite()
        try accounts.recordSignIn(user, address: "192.0.2.1", secondFactor: false, at: t0)
        try accounts.recordFailedSignIn(email: "nobody@example.com", user: nil, address: "192.0.2.1", reason: "unknown email", at: t0)
        try accounts.recordRefusedAccess(by: user.actor, recordType: "user", recordID: "other", action: "read", path: "/users/other", at: t0)
        let events = try RecordStore(database: database).auditEvents(after: 0, limit: 500).map(\.entry).suffix(3)
        #expect(events.map(\.action) == ["sign_in", "sign_in_failed", "access_refused"])
        #expect(events.dropFirst().first?.recordReference == "nobody@example.com")
        #expect(events.last?.actorOrganisationID == "org-1")
        #expect(try database.verifyAudit().holds)
    }
}
