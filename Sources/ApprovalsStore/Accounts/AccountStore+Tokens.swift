public import Approvals
public import Foundation
import GRDB
import GRDBSQLite

extension AccountStore {
    /// Stores a new API token (its digest only), audited as a grant of read access by `actor`.
    @discardableResult
    public func createToken(name: String, tokenSHA256: String, expiresAt: Date, by actor: Actor, at instant: Date) throws -> APIToken {
        let token = APIToken(id: RandomIdentifier.make(), name: name, createdBy: actor.id.rawValue, createdAt: instant,
                             expiresAt: expiresAt, lastUsedAt: nil, revokedAt: nil)
        try database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO api_tokens (id, name, token_sha256, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [token.id, name, tokenSHA256, token.createdBy, StoreTime.format(instant), StoreTime.format(expiresAt)])
            try AuditChain.append(Self.tokenEntry(actor, token, action: "create", at: instant, after: "active",
                                                  details: ["expires_at": StoreTime.format(expiresAt)]), in: db)
        }
        return token
    }

    /// Every token, newest first.
    public func tokens() throws -> [APIToken] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_tokens ORDER BY created_at DESC, id").map(Self.token(row:))
        }
    }

    /// A token by id, or by name when no id matches.
    public func token(idOrName: String) throws -> APIToken? {
        try database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE id = ?", arguments: [idOrName]).map(Self.token(row:))
                ?? Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE name = ? ORDER BY created_at DESC", arguments: [idOrName]).map(Self.token(row:))
        }
    }

    /// The token with this digest if it may be used at `instant`, its last use noted.
    public func useToken(_ tokenSHA256: String, at instant: Date) throws -> APIToken? {
        // One statement, so no transaction around it (SQLite reads it from one snapshot of the latest
        // commit): the check is made on every API request, and a revoked token must fail at its very
        // next use. On the API's own connections (`APIReadConnections`), not the pool: taking a pool
        // reader cost more than the look-up. The columns are named and read through the C API.
        guard let token = try database.apiReads.read({ connection in
            var token: APIToken?
            try connection.forEachRow("""
                SELECT id, name, created_by, created_at, expires_at, last_used_at, revoked_at FROM api_tokens WHERE token_sha256 = ?
                """, [tokenSHA256]) { row in
                func text(_ column: Int32) -> String? { sqlite3_column_text(row, column).map { String(cString: $0) } }
                func date(_ column: Int32) -> Date? { text(column).flatMap(StoreTime.parse) }
                token = APIToken(id: text(0) ?? "", name: text(1) ?? "", createdBy: text(2) ?? "", createdAt: date(3) ?? .distantPast,
                                 expiresAt: date(4) ?? .distantPast, lastUsedAt: date(5), revokedAt: date(6))
                return false
            }
            return token
        }), token.isValid(at: instant) else { return nil }
        // One write a second at most per token: a client polling the change feed should not turn every
        // read into a write, and a second is as precise as "last used" needs to be.
        if token.lastUsedAt.map({ instant.timeIntervalSince($0) >= 1 }) ?? true {
            try database.pool.write { db in
                try db.execute(sql: "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", arguments: [StoreTime.format(instant), token.id])
            }
        }
        return token
    }

    /// Revokes a token at once (the next request with it is refused), audited. Revoking twice is a no-op.
    @discardableResult
    public func revokeToken(id: String, by actor: Actor, at instant: Date) throws -> APIToken {
        try database.pool.write { db in
            guard let token = try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE id = ?", arguments: [id]).map(Self.token(row:)) else {
                throw AccountStoreError.unknownToken
            }
            guard token.revokedAt == nil else { return token }
            try db.execute(sql: "UPDATE api_tokens SET revoked_at = ? WHERE id = ?", arguments: [StoreTime.format(instant), id])
            try AuditChain.append(Self.tokenEntry(actor, token, action: "revoke", at: instant, after: "revoked"), in: db)
            return APIToken(id: token.id, name: token.name, createdBy: token.createdBy, createdAt: token.createdAt,
                            expiresAt: token.expiresAt, lastUsedAt: token.lastUsedAt, revokedAt: instant)
        }
    }

    static func token(row: Row) -> APIToken {
        APIToken(id: row["id"], name: row["name"], createdBy: row["created_by"],
                 createdAt: StoreTime.parse(row["created_at"]) ?? .distantPast,
                 expiresAt: StoreTime.parse(row["expires_at"]) ?? .distantPast,
                 lastUsedAt: (row["last_used_at"] as String?).flatMap(StoreTime.parse),
                 revokedAt: (row["revoked_at"] as String?).flatMap(StoreTime.parse))
    }

    static func tokenEntry(_ actor: Actor, _ token: APIToken, action: String, at instant: Date, after: String,
                           details: [String: String] = [:]) -> AuditEntry {
        AuditEntry(occurredAt: instant, actorUserID: actor.id.rawValue, actorRole: roles(actor.roles),
                   actorOrganisationID: actor.organisationID?.rawValue, recordType: "api_token", recordID: token.id,
                   recordReference: token.name, action: action, stateBefore: nil, stateAfter: after,
                   details: AuditEntry.json(details))
    }
}

extension AccountStore {
    /// Messages waiting in the outbox (and those sent), oldest first.
    public func outbox() throws -> [OutboxMessage] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY id").map { row in
                OutboxMessage(id: row["id"], recipient: row["recipient"], subject: row["subject"], body: row["body"],
                              createdAt: StoreTime.parse(row["created_at"]) ?? .distantPast,
                              sentAt: (row["sent_at"] as String?).flatMap(StoreTime.parse))
            }
        }
    }

    /// Writes a message to the outbox on its own (one that carries no link, or a self-service one).
    public func enqueue(_ message: OutboxMessage) throws {
        try database.pool.write { db in try Self.enqueue(message, db) }
    }

    /// Marks a message delivered.
    public func markSent(_ id: Int64, at instant: Date) throws {
        try database.pool.write { db in
            // The body of a sent message may hold a single-use link: once delivered it is not kept, so
            // the database and its backups never hold a usable token.
            try db.execute(sql: "UPDATE outbox SET sent_at = ?, body = '' WHERE id = ? AND sent_at IS NULL", arguments: [StoreTime.format(instant), id])
        }
    }
}
