public import Approvals
public import GRDB

extension Proposal: StoredRecord {
    public static var recordName: String { "proposal" }
    public static var tableName: String { "proposals" }
    public var storedID: String { id.rawValue }
    public var storedVersion: Int { version }
    public var storedReference: String { reference.description }
    public var storedColumns: [(String, (any DatabaseValueConvertible)?)] {
        [("reference", reference.description), ("organisation_id", organisationID.rawValue), ("cycle_id", cycleID.rawValue),
         ("state", state.rawValue), ("category_code", content.category.rawValue), ("intended_title", content.intendedTitle),
         ("assigned_reviewer_id", assignedReviewerID?.rawValue), ("submitted_at", submittedAt.map(StoreTime.format)),
         ("created_at", StoreTime.format(createdAt)), ("updated_at", StoreTime.format(updatedAt))]
    }

    public func writeProjections(_ db: Database, previous: Proposal?, actorID: String?) throws {
        if let feedback, feedback != previous?.feedback {
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO proposal_feedback (proposal_id, category_fit_and_need, duties_quality_and_relevance,
                    employer_demand_approach, issued_by, issued_at, follow_up_requested, will_proceed, responded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id.rawValue, feedback.categoryFitAndNeed, feedback.dutiesQualityAndRelevance,
                                         feedback.employerDemandApproach, feedback.issuedBy.rawValue,
                                         StoreTime.format(feedback.issuedAt), feedback.followUpRequested,
                                         feedback.willProceed, feedback.respondedAt.map(StoreTime.format)])
        }
        if let reviewer = assignedReviewerID, reviewer != previous?.assignedReviewerID {
            try db.cachedStatement(sql: """
                INSERT INTO reviewer_assignments (record_type, record_id, reviewer_id, assigned_by, assigned_at)
                VALUES ('proposal', ?, ?, ?, ?)
                """).execute(arguments: [id.rawValue, reviewer.rawValue, actorID ?? "", StoreTime.format(updatedAt)])
        }
    }
}
