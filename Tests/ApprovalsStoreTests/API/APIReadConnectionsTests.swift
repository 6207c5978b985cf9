import Approvals
@testable import ApprovalsStore
import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import Testing

/// The API's own read connections on a real SQLite file: every read sees the latest commit, from this
/// process's pool or from another opening of the database (as the `approvals tokens` command is), so
/// a revoked token fails at its next use; nothing can be written through them; many threads can
/// read at once; and they end with the database.
@Suite struct APIReadConnectionsTests {
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

    func digest(_ n: Int) -> String { Self.digest(n) }
    static func digest(_ n: Int) -> String { String(repeating: String(n % 10), count: 64) }

    @Test func aTokenRevokedByAnotherOpeningIsRefusedAtItsNextUse() throws {
        let token = try accounts.createToken(name: "DfE sync", tokenSHA256: digest(3), expiresAt: t0.addingTimeInterval(3600),
                                             by: admin, at: t0)
        // Used first, so the connection and its prepared statement exist before the revocation.
        #expect(try accounts.useToken(digest(3), at: t0.addingTimeInterval(1))?.id == token.id)
        let other = try Fixtures.open(folder)
        try AccountStore(database: other).revokeToken(id: token.id, by: admin, at: t0.addingTimeInterval(2))
        try other.close()
        #expect(try accounts.useToken(digest(3), at: t0.addingTimeInterval(3)) == nil)
    }

    @Test func aTokenCreatedAfterTheFirstReadIsFoundAtOnce() throws {
        #expect(try accounts.useToken(digest(4), at: t0) == nil)
        let token = try accounts.createToken(name: "Ofqual", tokenSHA256: digest(4), expiresAt: t0.addingTimeInterval(3600), by: admin, at: t0)
        #expect(try accounts.useToken(digest(4), at: t0.addingTimeInterval(1))?.id == token.id)
    }

    @Test func nothingCanBeWrittenThroughThem() throws {
        #expect(throws: DatabaseError.self) {
            try database.apiReads.read { connection in
                try connection.forEachRow("DELETE FROM api_tokens", []) { _ in true }
            }
        }
        // The connection that refused is still usable for reads.
        let count = try database.apiReads.read { connection in
            var count: Int64 = -1
            try connection.forEachRow("SELECT count(*) FROM cycles WHERE id <> ?", ["none"]) { row in
                count = sqlite3_column_int64(row, 0)
                return false
            }
            return count
        }
        #expect(count == (try database.pool.read { db in try Int64.fetchOne(db, sql: "SELECT count(*) FROM cycles") }))
    }

    @Test func manyThreadsReadAtOnceAndEachGetsTheRightAnswer() throws {
        for n in 0..<4 {
            try accounts.createToken(name: "client \(n)", tokenSHA256: digest(n), expiresAt: t0.addingTimeInterval(3600), by: admin, at: t0)
        }
        let accounts = self.accounts, t0 = self.t0
        let names = (0..<400).map { "client \($0 % 4)" }
        let found = ThreadResults(count: names.count)
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            // Far apart in time from the last use, so every call also writes `last_used_at` through the pool.
            found.set(index, try? accounts.useToken(Self.digest(index % 4), at: t0.addingTimeInterval(Double(index)))?.name)
        }
        #expect(found.values == names)
    }

    @Test func readsEndWithTheDatabase() throws {
        try accounts.createToken(name: "DfE", tokenSHA256: digest(5), expiresAt: t0.addingTimeInterval(3600), by: admin, at: t0)
        #expect(try accounts.useToken(digest(5), at: t0) != nil)
        try database.close()
        #expect(throws: DatabaseError.self) { try accounts.useToken(digest(5), at: t0) }
    }
}

/// Results written by `concurrentPerform`'s iterations, each to its own slot, read after it returns.
private final class ThreadResults: Sendable {
    private let storage: Mutex<[String?]>
    init(count: Int) { storage = Mutex([String?](repeating: nil, count: count)) }
    func set(_ index: Int, _ value: String?) { storage.withLock { $0[index] = value } }
    var values: [String?] { storage.withLock { $0 } }
}
