import Approvals
import ApprovalsStore
import Foundation
import GRDB

/// 50-row pages read per second, walking one organisation's 10,000 submissions by cursor: through
/// the store, against a raw keyset query that decodes the same rows into the same `Submission`
/// values, and (for information) the raw query alone without decoding.
struct PageBenchmark {
    let bench: BenchmarkDatabase

    func runStore(pages: Int) throws -> Measurement {
        let filter = RecordFilter(organisationID: bench.organisation.id.rawValue)
        var cursor: PageCursor? = nil
        var read = 0
        return try Measurement.run(pages) {
        while read < pages {
            let page = try bench.store.page(Submission.self, filter: filter, after: cursor, limit: 50)
            precondition(page.records.count > 0)
            cursor = page.next
            read += 1
        }
        }
    }

    func runRaw(pages: Int, decode: Bool) throws -> Measurement {
        let organisation = bench.organisation.id.rawValue
        let decoder = JSONDecoder()
        var position: Int64 = 0
        var read = 0
        var checksum = 0
        return try Measurement.run(pages) {
        while read < pages {
            position = try bench.database.pool.read { db in
                let statement = try db.cachedStatement(sql: """
                    SELECT rowid, body FROM submissions WHERE rowid > ? AND organisation_id = ? ORDER BY rowid LIMIT 51
                    """)
                let rows = try Row.fetchAll(statement, arguments: [position, organisation])
                for row in rows.prefix(50) {
                    let body: String = row["body"]
                    if decode {
                        checksum &+= try decoder.decode(Submission.self, from: Data(body.utf8)).version
                    } else {
                        checksum &+= body.utf8.count
                    }
                }
                return rows.count > 50 ? rows[49]["rowid"] : 0
            }
            read += 1
        }
        precondition(checksum != 0)
        }
    }

    /// Summaries (columns only) through the store.
    func runStoreSummaries(pages: Int) throws -> Measurement {
        let filter = RecordFilter(organisationID: bench.organisation.id.rawValue)
        var cursor: PageCursor? = nil
        return try Measurement.run(pages) {
        for _ in 0..<pages {
            let page = try bench.store.summaries(Submission.self, filter: filter, after: cursor, limit: 50)
            precondition(page.summaries.count > 0)
            cursor = page.next
        }
        }
    }

    /// The same columns into the same values with a hand-written keyset query.
    func runRawSummaries(pages: Int) throws -> Measurement {
        let organisation = bench.organisation.id.rawValue
        var position: Int64 = 0
        var checksum = 0
        return try Measurement.run(pages) {
        for _ in 0..<pages {
            position = try bench.database.pool.read { db in
                let statement = try db.cachedStatement(sql: """
                    SELECT rowid, id, reference, state, title, organisation_id, cycle_id, version, updated_at
                    FROM submissions WHERE rowid > ? AND organisation_id = ? ORDER BY rowid LIMIT 51
                    """)
                let rows = try Row.fetchAll(statement, arguments: [position, organisation])
                let values = rows.prefix(50).map { row -> (String, String, String, String?, String, String?, Int, Date) in
                    (row["id"], row["reference"], row["state"], row["title"], row["organisation_id"], row["cycle_id"], row["version"],
                     StoreTime.parse(row["updated_at"]) ?? .distantPast)
                }
                checksum &+= values.count
                return rows.count > 50 ? rows[49]["rowid"] : 0
            }
        }
        precondition(checksum != 0)
        }
    }
}
