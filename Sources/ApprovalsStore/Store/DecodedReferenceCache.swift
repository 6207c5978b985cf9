import GRDB
import Synchronization

/// Decoded cycles and organisations, keyed by identifier and version. Every transition needs its
/// cycle and organisation; decoding their JSON each time was a third of a transition's cost in the
/// store benchmark. The version is read from the row in the same transaction, and every change to
/// these records bumps it, so a hit is always the record as stored now.
final class DecodedReferenceCache: Sendable {
    private struct Key: Hashable {
        let table: String
        let id: String
    }

    private let entries = Mutex<[Key: (version: Int, record: any Sendable)]>([:])
    /// Reference records are few; the bound only guards against a pathological caller.
    private let capacity = 1024

    func record<R: StoredRecord>(_ type: R.Type, id: String, in db: Database) throws -> R? {
        let statement = try db.cachedStatement(sql: "SELECT version, body FROM \(R.tableName) WHERE id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        let key = Key(table: R.tableName, id: id)
        let version: Int = row["version"]
        if let hit = entries.withLock({ $0[key] }), hit.version == version, let record = hit.record as? R {
            return record
        }
        let record = try RecordBody.decode(R.self, from: row["body"])
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = (version, record)
        }
        return record
    }
}
