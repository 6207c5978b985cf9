public import Approvals
public import GRDB

extension Review: StoredRecord {
    public static var recordName: String { "review" }
    public static var tableName: String { "reviews" }
    public var storedID: String { id.rawValue }
    public var storedVersion: Int { version }
    public var storedReference: String { reference.description }
    public var storedColumns: [(String, (any DatabaseValueConvertible)?)] {
        [("reference", reference.description), ("submission_id", submissionID.rawValue),
         ("organisation_id", organisationID.rawValue), ("reviewer_id", reviewerID.rawValue),
         ("version_number", versionNumber), ("state", state.rawValue), ("recommended_outcome", recommendedOutcome?.rawValue),
         ("completed_at", completedAt.map(StoreTime.format)),
         ("created_at", StoreTime.format(createdAt)), ("updated_at", StoreTime.format(updatedAt))]
    }

    public func writeProjections(_ db: Database, previous: Review?, actorID: String?) throws {
        guard assessments != previous?.assessments ?? [] else { return }
        for assessment in assessments {
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO review_criterion_outcomes (review_id, criterion, outcome, comment, recorded_at)
                VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [id.rawValue, assessment.criterion.rawValue, assessment.outcome.rawValue,
                                         assessment.comment, StoreTime.format(assessment.recordedAt)])
        }
    }
}
