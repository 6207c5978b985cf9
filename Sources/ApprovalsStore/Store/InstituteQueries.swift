public import Approvals
import Foundation
import GRDB

// Reads the Institute's pages need that the general paging does not give.
extension RecordStore {
    /// The reviews of one submission, oldest first.
    public func reviews(of submission: SubmissionID) throws -> [Review] {
        try database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM reviews WHERE submission_id = ? ORDER BY rowid", arguments: [submission.rawValue])
                .map { try RecordBody.decode(Review.self, from: $0) }
        }
    }

    /// Every record of a kind that has left its draft, oldest first, decoded: for short lists (the
    /// late-submission exceptions). The queues of proposals and submissions page in SQL instead
    /// (`instituteQueuePage`), as reading every record per request cost them their p99 at the deadline.
    public func staffQueue<R: StoredRecord>(_ type: R.Type, excludingStates excluded: [String] = ["draft"]) throws -> [R] {
        try database.pool.read { db in
            let placeholders = Array(repeating: "?", count: excluded.count).joined(separator: ", ")
            let condition = excluded.isEmpty ? "" : "WHERE state NOT IN (\(placeholders))"
            return try String.fetchAll(db, sql: "SELECT body FROM \(R.tableName) \(condition) ORDER BY rowid",
                                       arguments: StatementArguments(excluded))
                .map { try RecordBody.decode(R.self, from: $0) }
        }
    }

    /// The late-submission exceptions asked for one submission, oldest first, by the index on the
    /// record they are about (not every exception decoded to find them).
    public func lateSubmissionExceptions(about submission: SubmissionID) throws -> [LateSubmissionException] {
        try database.pool.read { db in
            try String.fetchAll(db.cachedStatement(sql: """
                SELECT body FROM late_submission_exceptions WHERE record_type = 'submission' AND record_id = ? ORDER BY rowid
                """), arguments: [submission.rawValue]).map { try RecordBody.decode(LateSubmissionException.self, from: $0) }
        }
    }

    /// The submissions in one state, oldest first, read by the index on state.
    public func submissions(in state: Submission.State) throws -> [Submission] {
        try database.pool.read { db in
            try String.fetchAll(db.cachedStatement(sql: "SELECT body FROM submissions WHERE state = ? ORDER BY rowid"),
                                arguments: [state.rawValue]).map { try RecordBody.decode(Submission.self, from: $0) }
        }
    }
}
