public import Approvals
public import Foundation
import GRDB

extension RecordStore {
    /// Adds a user with their roles, audited as made by `actor`.
    public func createUser(_ user: UserAccount, by actor: Actor, at instant: Date) throws {
        try database.pool.write { db in
            try db.execute(sql: "INSERT INTO users (id, email, display_name, organisation_id, version, created_at) VALUES (?, ?, ?, ?, 1, ?)",
                           arguments: [user.id.rawValue, user.email, user.displayName, user.organisationID?.rawValue, StoreTime.format(instant)])
            for role in user.roles.map(\.rawValue).sorted() {
                try db.execute(sql: "INSERT INTO user_roles (user_id, role) VALUES (?, ?)", arguments: [user.id.rawValue, role])
            }
            try AuditChain.append(AuditEntry(
                occurredAt: instant, actorUserID: actor.id.rawValue, actorRole: actor.roles.map(\.rawValue).sorted().joined(separator: ","),
                actorOrganisationID: actor.organisationID?.rawValue, recordType: "user", recordID: user.id.rawValue,
                recordReference: user.email, action: "create", stateBefore: nil, stateAfter: "active",
                details: AuditEntry.json(["roles": user.roles.map(\.rawValue).sorted().joined(separator: ",")])), in: db)
        }
    }

    public func user(id: UserID) throws -> UserAccount? {
        try database.pool.read { db in try Self.user(sql: "SELECT * FROM users WHERE id = ?", [id.rawValue], db) }
    }

    /// A user by email, ignoring case.
    public func user(email: String) throws -> UserAccount? {
        try database.pool.read { db in try Self.user(sql: "SELECT * FROM users WHERE email = ?", [email], db) }
    }

    /// Every user, by email (the admin's list is short).
    public func users() throws -> [UserAccount] {
        try database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM users ORDER BY email").compactMap {
                try Self.user(sql: "SELECT * FROM users WHERE id = ?", [$0], db)
            }
        }
    }

    private static func user(sql: String, _ arguments: StatementArguments, _ db: Database) throws -> UserAccount? {
        guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else { return nil }
        let id: String = row["id"]
        let roles = try String.fetchAll(db, sql: "SELECT role FROM user_roles WHERE user_id = ?", arguments: [id]).compactMap(Role.init(rawValue:))
        return UserAccount(id: UserID(id), email: row["email"], displayName: row["display_name"],
                           organisationID: (row["organisation_id"] as String?).map(OrganisationID.init), roles: Set(roles),
                           version: row["version"])
    }

    /// A standard with its KSBs.
    public func standard(reference: String) throws -> OccupationalStandard? {
        try database.pool.read { db in try StandardRows.load(reference, in: db) }
    }
}
