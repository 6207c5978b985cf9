public import Approvals
public import Foundation
import GRDB

extension AccountStore {
    /// Opens a session for `userID` at `stage`, ending at `expiresAt` whatever the activity.
    public func openSession(idSHA256: String, userID: UserID, stage: SessionStage, at instant: Date, expiresAt: Date) throws {
        try database.pool.write { db in
            let now = StoreTime.format(instant)
            try db.execute(sql: """
                INSERT INTO sessions (id_sha256, user_id, stage, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [idSHA256, userID.rawValue, stage.rawValue, now, now, StoreTime.format(expiresAt)])
        }
    }

    /// Ends one session and opens its successor under a new identifier (after the second factor), so
    /// that an identifier seen before the second step is worth nothing after it.
    public func replaceSession(_ oldSHA256: String, with newSHA256: String, stage: SessionStage, at instant: Date) throws {
        try database.pool.write { db in
            guard let old = try Self.session(oldSHA256, db), old.endedAt == nil else { throw AccountStoreError.unknownUser }
            let now = StoreTime.format(instant)
            try db.execute(sql: "UPDATE sessions SET ended_at = ?, ended_reason = 'replaced' WHERE id_sha256 = ?", arguments: [now, oldSHA256])
            try db.execute(sql: """
                INSERT INTO sessions (id_sha256, user_id, stage, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [newSHA256, old.userID.rawValue, stage.rawValue, now, now, StoreTime.format(old.expiresAt)])
        }
    }

    /// The session with this digest if it is open at `instant`: not ended, not past its absolute
    /// expiry, seen within `idleTimeout`, and its user not deactivated. A session found past either
    /// expiry is ended on the spot, so that it stays ended whatever the clock does next.
    public func openSession(_ idSHA256: String, at instant: Date, idleTimeout: TimeInterval) throws -> OpenSession? {
        let found = try database.pool.read { db -> (StoredSession, AccountHolder)? in
            guard let session = try Self.session(idSHA256, db),
                  let holder = try Self.holder(where: "id = ?", [session.userID.rawValue], db) else { return nil }
            return (session, holder)
        }
        guard let (session, holder) = found, session.endedAt == nil, holder.isActive else { return nil }
        if instant >= session.expiresAt || instant.timeIntervalSince(session.lastSeenAt) >= idleTimeout {
            try endSession(idSHA256, reason: .expired, at: instant)
            return nil
        }
        return OpenSession(session: session, holder: holder)
    }

    /// Notes activity on a session (for the idle expiry).
    public func touchSession(_ idSHA256: String, at instant: Date) throws {
        try database.pool.write { db in
            try db.execute(sql: "UPDATE sessions SET last_seen_at = ? WHERE id_sha256 = ? AND ended_at IS NULL",
                           arguments: [StoreTime.format(instant), idSHA256])
        }
    }

    public func endSession(_ idSHA256: String, reason: SessionEnding, at instant: Date) throws {
        try database.pool.write { db in
            try db.execute(sql: "UPDATE sessions SET ended_at = ?, ended_reason = ? WHERE id_sha256 = ? AND ended_at IS NULL",
                           arguments: [StoreTime.format(instant), reason.rawValue, idSHA256])
        }
    }

    /// The sessions of a user still open (not ended; expiry is checked when one is used).
    public func unendedSessions(of userID: UserID) throws -> [StoredSession] {
        try database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sessions WHERE user_id = ? AND ended_at IS NULL ORDER BY created_at",
                             arguments: [userID.rawValue]).compactMap(Self.session(row:))
        }
    }

    static func session(_ idSHA256: String, _ db: Database) throws -> StoredSession? {
        try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE id_sha256 = ?", arguments: [idSHA256]).flatMap(session(row:))
    }

    static func session(row: Row) -> StoredSession? {
        guard let stage = SessionStage(rawValue: row["stage"]), let created = StoreTime.parse(row["created_at"]),
              let seen = StoreTime.parse(row["last_seen_at"]), let expires = StoreTime.parse(row["expires_at"]) else { return nil }
        return StoredSession(idSHA256: row["id_sha256"], userID: UserID(row["user_id"]), stage: stage, createdAt: created,
                             lastSeenAt: seen, expiresAt: expires, endedAt: (row["ended_at"] as String?).flatMap(StoreTime.parse))
    }
}
