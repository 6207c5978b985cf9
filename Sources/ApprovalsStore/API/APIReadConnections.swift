import Foundation
import Glibc
import GRDB
import GRDBSQLite
import Synchronization

/// The read-only SQLite connections that serve the API's busiest reads: the bearer token check made
/// on every API request, a list page written from its stored items, and the change feed.
///
/// Why not GRDB's reader pool: taking one of its readers goes through a semaphore and two libdispatch
/// queues (one of them a barrier), then `PRAGMA schema_version`. With the server's eight workers on
/// two cores those queues were contended on nearly every request: about sixteen futex calls and a
/// dozen context switches a request, a third of the server's CPU time per page. A `Mutex` around a
/// list of connections was no better: contended, it spins, and with more threads than cores the
/// holder is often descheduled while the others spin. So each connection sits in a slot that a
/// reader claims with one compare-and-swap and frees with one store: a reader never waits for
/// another, it takes the next free slot.
///
/// Each read is one statement in autocommit mode, so SQLite gives it one snapshot of the latest
/// commit: a token revoked by any process is refused at its next use, and a page never mixes two
/// states. A connection is `query_only`: nothing can write through it. Connections are opened on
/// first need (one per reader at once, up to the number of slots) and closed with the database.
final class APIReadConnections: Sendable {
    private let path: String
    private let busyTimeoutMilliseconds: Int32
    /// More than the threads that read at once (the workers and the event loops): when every slot
    /// is taken, a read opens a connection of its own and closes it after.
    private let slots: [APIReadSlot] = (0..<32).map { _ in APIReadSlot() }
    private let closed = Atomic<Bool>(false)

    init(path: String, busyTimeout: TimeInterval) {
        self.path = path
        busyTimeoutMilliseconds = Int32(clamping: Int((busyTimeout * 1000).rounded()))
    }

    /// Runs `body` with a connection no other thread uses meanwhile.
    func read<T>(_ body: (APIReadConnection) throws -> T) throws -> T {
        for slot in slots where slot.claim() {
            defer { slot.free() }
            // Checked once the slot is held: `close` claims every slot before it closes its connection.
            guard !closed.load(ordering: .acquiring) else { throw Self.closedError }
            if slot.connection == nil {
                slot.connection = try APIReadConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
            }
            return try body(slot.connection!)
        }
        guard !closed.load(ordering: .acquiring) else { throw Self.closedError }
        let connection = try APIReadConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        defer { connection.close() }
        return try body(connection)
    }

    /// Closes every connection, waiting for a read in progress to end. Reads after this throw.
    func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        for slot in slots {
            // A slot is held for one statement at most: the wait is short. It stays claimed for good.
            while !slot.claim() { sched_yield() }
            slot.connection?.close()
            slot.connection = nil
        }
    }

    deinit { close() }

    static let closedError = DatabaseError(resultCode: .SQLITE_MISUSE, message: "The database is closed")
}

/// One connection's place in `APIReadConnections`, and whether a reader holds it.
///
/// `@unchecked Sendable`: `connection` is read and written only by the thread that holds the slot,
/// between a `claim` that succeeded (acquiring) and its `free` (releasing), so each holder sees what
/// the previous one left.
final class APIReadSlot: @unchecked Sendable {
    private let held = Atomic<Bool>(false)
    var connection: APIReadConnection?

    func claim() -> Bool {
        held.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    func free() { held.store(false, ordering: .releasing) }
}

/// One read-only SQLite connection and the statements prepared on it.
///
/// Used by one thread at a time (the holder of its slot), so it is opened in SQLite's no-mutex mode.
final class APIReadConnection {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]

    init(path: String, busyTimeoutMilliseconds: Int32) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            sqlite3_close(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        // Read-write only so that SQLite may create the WAL index if it must; nothing writes.
        try execute("PRAGMA query_only = 1")
    }

    deinit { close() }

    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements = [:]
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    private func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code, sql: sql) }
    }

    /// Runs the read-only statement `sql` with `arguments` bound, calling `row` on each row until the
    /// rows end or `row` returns false. The statement is prepared once per connection and reset after
    /// each use, so it holds no snapshot between reads.
    func forEachRow(_ sql: String, _ arguments: [any DatabaseValueConvertible],
                    _ row: (SQLiteStatement) throws -> Bool) throws {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, argument) in arguments.enumerated() {
            try bind(argument.databaseValue, at: Int32(index + 1), in: statement, sql: sql)
        }
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW:
                guard try row(statement) else { return }
            case SQLITE_DONE:
                return
            case let code:
                throw error(code, sql: sql)
            }
        }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        guard let handle else { throw APIReadConnections.closedError }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code, sql: sql) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: DatabaseValue, at index: Int32, in statement: OpaquePointer, sql: String) throws {
        let code: Int32
        switch value.storage {
        case .null: code = sqlite3_bind_null(statement, index)
        case .int64(let integer): code = sqlite3_bind_int64(statement, index, integer)
        case .double(let double): code = sqlite3_bind_double(statement, index, double)
        case .string(let text): code = sqlite3_bind_text(statement, index, text, -1, Self.transient)
        case .blob(let data):
            code = data.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), Self.transient) }
        }
        guard code == SQLITE_OK else { throw error(code, sql: sql) }
    }

    /// SQLite copies the bound bytes (the Swift string's storage lives only for the call).
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    private func error(_ code: Int32, sql: String) -> DatabaseError {
        let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}
