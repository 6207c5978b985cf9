public import Approvals
public import Foundation
import GRDB

extension AccountStore {
    /// The user's second factor, confirmed or not, if they have started setting one up.
    public func secondFactor(of userID: UserID) throws -> SecondFactor? {
        try database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM second_factors WHERE user_id = ?", arguments: [userID.rawValue]).map { row in
                SecondFactor(secretBase32: row["secret_base32"], lastUsedCounter: (row["last_used_counter"] as Int64?).map { UInt64($0) },
                             confirmedAt: (row["confirmed_at"] as String?).flatMap(StoreTime.parse))
            }
        }
    }

    /// Starts (or restarts, while unconfirmed) setting up a second factor with a new secret. A
    /// confirmed factor is never replaced this way.
    public func beginSecondFactor(of userID: UserID, secretBase32: String, at instant: Date) throws {
        try database.pool.write { db in
            try db.execute(sql: """
                INSERT INTO second_factors (user_id, secret_base32, created_at) VALUES (?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET secret_base32 = excluded.secret_base32, created_at = excluded.created_at,
                    last_used_counter = NULL WHERE confirmed_at IS NULL
                """, arguments: [userID.rawValue, secretBase32, StoreTime.format(instant)])
        }
    }

    /// Accepts the time step `counter` of a code, only if it is later than every step accepted
    /// before: a code seen once (over a shoulder, in a proxy's log) never works again, even when two
    /// requests race. Confirms the factor on first use (audited). False when the step was used.
    public func acceptCode(of user: UserAccount, counter: UInt64, at instant: Date) throws -> Bool {
        try database.pool.write { db in
            let wasConfirmed = try Bool.fetchOne(db, sql: "SELECT confirmed_at IS NOT NULL FROM second_factors WHERE user_id = ?",
                                                 arguments: [user.id.rawValue]) ?? false
            try db.execute(sql: """
                UPDATE second_factors SET last_used_counter = ?, confirmed_at = coalesce(confirmed_at, ?)
                WHERE user_id = ? AND (last_used_counter IS NULL OR last_used_counter < ?)
                """, arguments: [Int64(counter), StoreTime.format(instant), user.id.rawValue, Int64(counter)])
            guard db.changesCount == 1 else { return false }
            if !wasConfirmed {
                try AuditChain.append(Self.entry(user.actor, at: instant, user: user, action: "confirm_second_factor",
                                                 before: nil, after: nil), in: db)
            }
            return true
        }
    }

    /// Removes a user's second factor (a lost phone), audited as a change by `actor`. The person sets
    /// up a new one at their next sign-in if they must have one, or from their account page.
    public func removeSecondFactor(of user: UserAccount, by actor: Actor, at instant: Date) throws {
        try database.pool.write { db in
            try db.execute(sql: "DELETE FROM second_factors WHERE user_id = ?", arguments: [user.id.rawValue])
            guard db.changesCount == 1 else { return }
            try AuditChain.append(Self.entry(actor, at: instant, user: user, action: "remove_second_factor", before: nil, after: nil), in: db)
        }
    }
}
