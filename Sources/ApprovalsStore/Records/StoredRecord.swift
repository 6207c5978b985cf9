public import GRDB
import Foundation

/// A domain record the store keeps as one row: its identifier, its version for optimistic
/// concurrency, the columns queries and constraints need, and `body`, the record as JSON, from which
/// it is loaded. Child tables (versions, outcomes…) are projections written from the same record in
/// the same transaction.
public protocol StoredRecord: Codable, Sendable, Hashable {
    /// The record in words, for messages ("submission").
    static var recordName: String { get }
    static var tableName: String { get }
    var storedID: String { get }
    var storedVersion: Int { get }
    /// What a person reads out, or the identifier for records without a reference.
    var storedReference: String { get }
    /// Columns besides `id`, `version` and `body`, by name.
    var storedColumns: [(String, (any DatabaseValueConvertible)?)] { get }
    /// Writes the child tables; `previous` is the record as stored before this change (nil on insert).
    func writeProjections(_ db: Database, previous: Self?, actorID: String?) throws
}

extension StoredRecord {
    public func writeProjections(_ db: Database, previous: Self?, actorID: String?) throws {}
}

/// The JSON form of record bodies: dates as the exact Double so that a record reads back equal to
/// what was written. One encoder and decoder are shared: Foundation's are thread-safe once
/// configured, and making them per call showed in the store benchmark.
package enum RecordBody {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
    private static let decoder = JSONDecoder()

    package static func encode(_ record: some Encodable) throws -> String {
        String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    package static func decode<R: Decodable>(_ type: R.Type, from text: String) throws -> R {
        try decoder.decode(type, from: Data(text.utf8))
    }
}

/// Row writes shared by every record type.
package enum RecordRows {
    package static func insert<R: StoredRecord>(_ record: R, actorID: String?, in db: Database) throws {
        let columns = record.storedColumns
        let names = ["id", "version", "body"] + columns.map(\.0)
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
        let statement = try db.cachedStatement(
            sql: "INSERT INTO \(R.tableName) (\(names.joined(separator: ", "))) VALUES (\(placeholders))")
        var values: [(any DatabaseValueConvertible)?] = [record.storedID, record.storedVersion, try RecordBody.encode(record)]
        values += columns.map(\.1)
        try statement.execute(arguments: StatementArguments(values))
        try record.writeProjections(db, previous: nil, actorID: actorID)
    }

    /// Writes the new state if, and only if, the stored row still has `expectedVersion`; otherwise
    /// throws `EditConflict` and writes nothing.
    static func update<R: StoredRecord>(_ record: R, expectedVersion: Int, previous: R?, actorID: String?, in db: Database) throws {
        // A change that does not advance the version would let a stale copy overwrite it later
        // (and keep serving a cached decode of the old body).
        guard record.storedVersion == expectedVersion + 1 else {
            throw VersionNotAdvanced(recordType: R.recordName, reference: record.storedReference,
                                     expectedVersion: expectedVersion, writtenVersion: record.storedVersion)
        }
        let columns = record.storedColumns
        let assignments = (["version = ?", "body = ?"] + columns.map { "\($0.0) = ?" }).joined(separator: ", ")
        let statement = try db.cachedStatement(
            sql: "UPDATE \(R.tableName) SET \(assignments) WHERE id = ? AND version = ?")
        var values: [(any DatabaseValueConvertible)?] = [record.storedVersion, try RecordBody.encode(record)]
        values += columns.map(\.1)
        values += [record.storedID, expectedVersion]
        try statement.execute(arguments: StatementArguments(values))
        guard db.changesCount == 1 else {
            throw EditConflict(recordType: R.recordName, reference: record.storedReference, expectedVersion: expectedVersion)
        }
        try record.writeProjections(db, previous: previous, actorID: actorID)
    }

    static func load<R: StoredRecord>(_ type: R.Type, id: String, in db: Database) throws -> R? {
        let statement = try db.cachedStatement(sql: "SELECT body FROM \(R.tableName) WHERE id = ?")
        guard let body = try String.fetchOne(statement, arguments: [id]) else { return nil }
        return try RecordBody.decode(R.self, from: body)
    }

    static func load<R: StoredRecord>(_ type: R.Type, reference: String, in db: Database) throws -> R? {
        let statement = try db.cachedStatement(sql: "SELECT body FROM \(R.tableName) WHERE reference = ?")
        guard let body = try String.fetchOne(statement, arguments: [reference]) else { return nil }
        return try RecordBody.decode(R.self, from: body)
    }
}
