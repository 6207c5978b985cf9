public import Approvals
public import Foundation
import GRDB

/// Accounts as the database keeps them: passwords, sessions, single-use links, second factors, API
/// tokens and the outbox. Every change that matters to security (a sign-in, a failed sign-in, a new
/// role, a deactivation, a token made or revoked) is appended to the audit chain in the same
/// transaction as the change itself.
///
/// Secrets arrive here already hashed (`…SHA256` parameters are lower-case hex): the store never sees
/// a session identifier, a link token or an API token, only their digests.
public struct AccountStore: Sendable {
    public let database: ApprovalsDatabase

    public init(database: ApprovalsDatabase) { self.database = database }

    // MARK: Users and passwords

    /// The account with this email (ignoring case), with its password hash, or nil.
    public func holder(email: String) throws -> AccountHolder? {
        try database.pool.read { db in try Self.holder(where: "email = ?", [email.trimmingCharacters(in: .whitespaces)], db) }
    }

    public func holder(id: UserID) throws -> AccountHolder? {
        try database.pool.read { db in try Self.holder(where: "id = ?", [id.rawValue], db) }
    }

    /// Every account, by email; with `organisation`, only that organisation's.
    public func holders(organisation: OrganisationID? = nil) throws -> [AccountHolder] {
        try database.pool.read { db in
            let ids: [String] = if let organisation {
                try String.fetchAll(db, sql: "SELECT id FROM users WHERE organisation_id = ? ORDER BY email", arguments: [organisation.rawValue])
            } else {
                try String.fetchAll(db, sql: "SELECT id FROM users ORDER BY email")
            }
            return try ids.compactMap { try Self.holder(where: "id = ?", [$0], db) }
        }
    }

    /// Creates a user (no password yet) with a single-use invitation link and the message that
    /// carries it, in one transaction, audited as a change of permissions by `actor`.
    public func invite(_ user: UserAccount, linkSHA256: String, expiresAt: Date, message: OutboxMessage,
                       by actor: Actor, at instant: Date) throws {
        try database.pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE email = ?", arguments: [user.email]) == true {
                throw AccountStoreError.emailInUse(user.email)
            }
            try db.execute(sql: "INSERT INTO users (id, email, display_name, organisation_id, version, created_at) VALUES (?, ?, ?, ?, 1, ?)",
                           arguments: [user.id.rawValue, user.email, user.displayName, user.organisationID?.rawValue, StoreTime.format(instant)])
            for role in user.roles.map(\.rawValue).sorted() {
                try db.execute(sql: "INSERT INTO user_roles (user_id, role) VALUES (?, ?)", arguments: [user.id.rawValue, role])
            }
            try Self.insertLink(userID: user.id, purpose: .invitation, linkSHA256: linkSHA256, expiresAt: expiresAt, by: actor, at: instant, db)
            try Self.enqueue(message, db)
            try AuditChain.append(Self.entry(actor, at: instant, user: user, action: "invite", before: nil, after: "invited",
                                             details: ["roles": Self.roles(user.roles),
                                                       "organisation_id": user.organisationID?.rawValue ?? "institute"]), in: db)
        }
    }

    /// A new single-use link for an existing user (a password reset), with its message, audited.
    public func issueLink(for userID: UserID, purpose: AccountLinkPurpose, linkSHA256: String, expiresAt: Date,
                          message: OutboxMessage, by actor: Actor?, at instant: Date) throws {
        try database.pool.write { db in
            guard let holder = try Self.holder(where: "id = ?", [userID.rawValue], db) else { throw AccountStoreError.unknownUser }
            try Self.insertLink(userID: userID, purpose: purpose, linkSHA256: linkSHA256, expiresAt: expiresAt, by: actor, at: instant, db)
            try Self.enqueue(message, db)
            try AuditChain.append(Self.entry(actor, at: instant, user: holder.user, action: "issue_\(purpose.rawValue)_link",
                                             before: nil, after: nil), in: db)
        }
    }

    /// The link with this token digest, if it can still be used at `instant`.
    public func validLink(_ linkSHA256: String, at instant: Date) throws(AccountLinkRefusal) -> ValidAccountLink {
        let found: (ValidAccountLink, Date?, Bool)?
        do {
            found = try database.pool.read { db in try Self.link(linkSHA256, db) }
        } catch {
            throw .unknown
        }
        guard let (link, usedAt, active) = found else { throw .unknown }
        if usedAt != nil { throw .used }
        if instant >= link.expiresAt { throw .expired }
        if !active { throw .accountDeactivated }
        return link
    }

    /// Uses a link: sets the password, marks the link used and ends the user's other sessions, all or
    /// nothing. A link raced by two tabs works for exactly one of them.
    @discardableResult
    public func redeemLink(_ linkSHA256: String, passwordHash: String, at instant: Date) throws -> UserAccount {
        try database.pool.write { db in
            guard let (link, usedAt, active) = try Self.link(linkSHA256, db) else { throw AccountLinkRefusal.unknown }
            if usedAt != nil { throw AccountLinkRefusal.used }
            if instant >= link.expiresAt { throw AccountLinkRefusal.expired }
            if !active { throw AccountLinkRefusal.accountDeactivated }
            try db.execute(sql: "UPDATE account_links SET used_at = ? WHERE token_sha256 = ? AND used_at IS NULL",
                           arguments: [StoreTime.format(instant), linkSHA256])
            try Self.storePassword(link.user, hash: passwordHash, at: instant, db)
            try AuditChain.append(Self.entry(link.user.actor, at: instant, user: link.user,
                                             action: link.purpose == .invitation ? "accept_invitation" : "reset_password",
                                             before: nil, after: "active"), in: db)
            return link.user
        }
    }

    /// Sets a new password for a signed-in user (who gave their current one), ending their other
    /// sessions; `keepingSession` is the digest of the session they changed it from.
    public func changePassword(_ userID: UserID, passwordHash: String, keepingSession: String?, at instant: Date) throws {
        try database.pool.write { db in
            guard let holder = try Self.holder(where: "id = ?", [userID.rawValue], db) else { throw AccountStoreError.unknownUser }
            try Self.storePassword(holder.user, hash: passwordHash, at: instant, except: keepingSession, db)
            try AuditChain.append(Self.entry(holder.user.actor, at: instant, user: holder.user, action: "change_password",
                                             before: nil, after: nil), in: db)
        }
    }

    /// Replaces a hash made with weaker parameters (at sign-in, when the password is known to be right).
    public func upgradePasswordHash(_ userID: UserID, from old: String, to new: String) throws {
        try database.pool.write { db in
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?", arguments: [new, userID.rawValue, old])
        }
    }

    /// Sets a password directly (demo data and operators' tools), audited as done by `actor`.
    public func setPassword(_ userID: UserID, passwordHash: String, by actor: Actor, at instant: Date) throws {
        try database.pool.write { db in
            guard let holder = try Self.holder(where: "id = ?", [userID.rawValue], db) else { throw AccountStoreError.unknownUser }
            try Self.storePassword(holder.user, hash: passwordHash, at: instant, db)
            try AuditChain.append(Self.entry(actor, at: instant, user: holder.user, action: "set_password", before: nil, after: nil), in: db)
        }
    }

    /// Deactivates a user and ends every session of theirs in the same transaction, so that nothing
    /// they had open works a moment later.
    public func deactivate(_ userID: UserID, by actor: Actor, at instant: Date) throws {
        try database.pool.write { db in
            guard let holder = try Self.holder(where: "id = ?", [userID.rawValue], db) else { throw AccountStoreError.unknownUser }
            guard holder.isActive else { return }
            let now = StoreTime.format(instant)
            try db.execute(sql: "UPDATE users SET disabled_at = ?, version = version + 1 WHERE id = ?", arguments: [now, userID.rawValue])
            try db.execute(sql: "UPDATE sessions SET ended_at = ?, ended_reason = 'deactivated' WHERE user_id = ? AND ended_at IS NULL",
                           arguments: [now, userID.rawValue])
            try AuditChain.append(Self.entry(actor, at: instant, user: holder.user, action: "deactivate", before: "active",
                                             after: "deactivated", details: ["roles": Self.roles(holder.user.roles)]), in: db)
        }
    }

    /// Replaces a user's roles, audited as a change of permissions with the roles before and after.
    /// It takes effect on the user's next request: sessions look the roles up every time.
    public func changeRoles(_ userID: UserID, to roles: Set<Role>, by actor: Actor, at instant: Date) throws {
        try database.pool.write { db in
            guard let holder = try Self.holder(where: "id = ?", [userID.rawValue], db) else { throw AccountStoreError.unknownUser }
            guard holder.user.roles != roles else { return }
            try db.execute(sql: "DELETE FROM user_roles WHERE user_id = ?", arguments: [userID.rawValue])
            for role in roles.map(\.rawValue).sorted() {
                try db.execute(sql: "INSERT INTO user_roles (user_id, role) VALUES (?, ?)", arguments: [userID.rawValue, role])
            }
            try db.execute(sql: "UPDATE users SET version = version + 1 WHERE id = ?", arguments: [userID.rawValue])
            try AuditChain.append(Self.entry(actor, at: instant, user: holder.user, action: "change_roles",
                                             before: Self.roles(holder.user.roles), after: Self.roles(roles)), in: db)
        }
    }

    // MARK: Sign-in events

    /// Records a successful sign-in in the audit trail.
    public func recordSignIn(_ user: UserAccount, address: String, secondFactor: Bool, at instant: Date) throws {
        try database.pool.write { db in
            _ = try AuditChain.append(Self.entry(user.actor, at: instant, user: user, action: "sign_in", before: nil, after: nil,
                                                 details: ["address": address, "second_factor": secondFactor ? "yes" : "no"]), in: db)
        }
    }

    /// Records a refused sign-in: `user` is nil when no account has the email typed (which is kept,
    /// cut to 254 characters, so that an attack on one address can be seen).
    public func recordFailedSignIn(email: String, user: UserAccount?, address: String, reason: String, at instant: Date) throws {
        try database.pool.write { db in
            _ = try AuditChain.append(AuditEntry(
                occurredAt: instant, actorUserID: nil, actorRole: "anonymous", recordType: "user",
                recordID: user?.id.rawValue ?? "unknown", recordReference: String(email.prefix(254)), action: "sign_in_failed",
                stateBefore: nil, stateAfter: nil, reason: reason, details: AuditEntry.json(["address": address])), in: db)
        }
    }

    /// Records that `actor` asked for something they may not see (it was answered as not found).
    public func recordRefusedAccess(by actor: Actor, recordType: String, recordID: String, action: String,
                                    path: String, at instant: Date) throws {
        try database.pool.write { db in
            _ = try AuditChain.append(AuditEntry(
                occurredAt: instant, actorUserID: actor.id.rawValue, actorRole: Self.roles(actor.roles),
                actorOrganisationID: actor.organisationID?.rawValue, recordType: recordType, recordID: recordID,
                recordReference: nil, action: "access_refused", stateBefore: nil, stateAfter: nil,
                reason: "asked to \(action) a record the policy hides from this actor",
                details: AuditEntry.json(["path": String(path.prefix(300))])), in: db)
        }
    }

    /// The organisations whose records `reviewer` has declared a conflict of interest with.
    public func declaredConflicts(reviewer: UserID) throws -> Set<OrganisationID> {
        try database.pool.read { db in
            Set(try String.fetchAll(db, sql: "SELECT organisation_id FROM conflicts_of_interest WHERE reviewer_id = ? AND state = 'declared'",
                                    arguments: [reviewer.rawValue]).map(OrganisationID.init))
        }
    }

    // MARK: Helpers

    static func holder(where condition: String, _ arguments: StatementArguments, _ db: Database) throws -> AccountHolder? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM users WHERE \(condition)", arguments: arguments) else { return nil }
        let id: String = row["id"]
        let roles = try String.fetchAll(db, sql: "SELECT role FROM user_roles WHERE user_id = ?", arguments: [id]).compactMap(Role.init(rawValue:))
        let user = UserAccount(id: UserID(id), email: row["email"], displayName: row["display_name"],
                               organisationID: (row["organisation_id"] as String?).map(OrganisationID.init), roles: Set(roles),
                               version: row["version"])
        return AccountHolder(user: user, passwordHash: row["password_hash"],
                             disabledAt: (row["disabled_at"] as String?).flatMap(StoreTime.parse))
    }

    static func link(_ linkSHA256: String, _ db: Database) throws -> (ValidAccountLink, usedAt: Date?, active: Bool)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account_links WHERE token_sha256 = ?", arguments: [linkSHA256]),
              let holder = try holder(where: "id = ?", [row["user_id"] as String], db),
              let purpose = AccountLinkPurpose(rawValue: row["purpose"]),
              let expires = StoreTime.parse(row["expires_at"])
        else { return nil }
        return (ValidAccountLink(user: holder.user, purpose: purpose, expiresAt: expires),
                (row["used_at"] as String?).flatMap(StoreTime.parse), holder.isActive)
    }

    static func insertLink(userID: UserID, purpose: AccountLinkPurpose, linkSHA256: String, expiresAt: Date,
                           by actor: Actor?, at instant: Date, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO account_links (token_sha256, user_id, purpose, created_by, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [linkSHA256, userID.rawValue, purpose.rawValue, actor?.id.rawValue ?? "self-service",
                             StoreTime.format(instant), StoreTime.format(expiresAt)])
    }

    static func storePassword(_ user: UserAccount, hash: String, at instant: Date, except session: String? = nil, _ db: Database) throws {
        let now = StoreTime.format(instant)
        try db.execute(sql: "UPDATE users SET password_hash = ?, password_changed_at = ?, version = version + 1 WHERE id = ?",
                       arguments: [hash, now, user.id.rawValue])
        try db.execute(sql: """
            UPDATE sessions SET ended_at = ?, ended_reason = 'password_changed'
            WHERE user_id = ? AND ended_at IS NULL AND id_sha256 IS NOT ?
            """, arguments: [now, user.id.rawValue, session])
    }

    static func enqueue(_ message: OutboxMessage, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO outbox (recipient, subject, body, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [message.recipient, message.subject, message.body, StoreTime.format(message.createdAt)])
    }

    static func roles(_ roles: Set<Role>) -> String { roles.map(\.rawValue).sorted().joined(separator: ",") }

    static func entry(_ actor: Actor?, at instant: Date, user: UserAccount, action: String, before: String?, after: String?,
                      details: [String: String] = [:]) -> AuditEntry {
        AuditEntry(occurredAt: instant, actorUserID: actor?.id.rawValue, actorRole: actor.map { roles($0.roles) } ?? "anonymous",
                   actorOrganisationID: actor?.organisationID?.rawValue, recordType: "user", recordID: user.id.rawValue,
                   recordReference: user.email, action: action, stateBefore: before, stateAfter: after,
                   details: AuditEntry.json(details))
    }
}

/// A change to accounts the store refused.
public enum AccountStoreError: Error, Equatable, CustomStringConvertible {
    case emailInUse(String)
    case unknownUser
    case unknownToken
    case unknownOrganisation(String)

    public var description: String {
        switch self {
        case .emailInUse(let email): "There is already an account for \(email). Each email address can have one account."
        case .unknownUser: "There is no such user."
        case .unknownToken: "There is no API token with that id or name."
        case .unknownOrganisation(let reference): "There is no organisation \(reference). Give its Ofqual recognition number (RN5137) or its id."
        }
    }
}
