public import ApprovalsStore
import Foundation
import GRDB

/// What `/readyz` checks before a load balancer sends traffic: that the database takes a write lock
/// (not read-only, not locked by a stuck process, not closed) and that the data folder's file system
/// has room above a threshold. Each failure is a sentence for the operator.
public struct ReadinessCheck: Sendable {
    public let database: ApprovalsDatabase
    /// Below this many free bytes the service reports itself not ready, before SQLite hits "disk full".
    public let minimumFreeBytes: Int64

    public init(database: ApprovalsDatabase, minimumFreeBytes: Int64) {
        self.database = database
        self.minimumFreeBytes = minimumFreeBytes
    }

    /// The reasons the service is not ready; empty when it is.
    public func problems() -> [String] {
        var problems: [String] = []
        do {
            // BEGIN IMMEDIATE takes the write lock, which a read-only or locked database refuses;
            // rolling back leaves nothing behind.
            try database.pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM schema_migrations")
                    return .rollback
                }
            }
        } catch {
            problems.append("The database cannot be written: \(error)")
        }
        if let free = ReadinessCheck.freeBytes(at: database.dataDirectory.path) {
            if free < minimumFreeBytes {
                problems.append("Free disk space in the data folder is \(free) bytes, below the threshold of \(minimumFreeBytes).")
            }
        } else {
            problems.append("The free disk space of the data folder cannot be read.")
        }
        return problems
    }

    /// Bytes available to an unprivileged process on the file system that holds `path`.
    static func freeBytes(at path: String) -> Int64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
