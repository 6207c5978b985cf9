public import Approvals
public import GRDB

extension Submission: StoredRecord {
    public static var recordName: String { "submission" }
    public static var tableName: String { "submissions" }
    public var storedID: String { id.rawValue }
    public var storedVersion: Int { version }
    public var storedReference: String { reference.description }
    public var storedColumns: [(String, (any DatabaseValueConvertible)?)] {
        [("reference", reference.description), ("organisation_id", organisationID.rawValue), ("cycle_id", cycleID.rawValue),
         ("state", state.rawValue), ("category_code", (latestVersion?.content ?? draft).category.rawValue),
         ("title", (latestVersion?.content ?? draft).title), ("assigned_reviewer_id", assignedReviewerID?.rawValue),
         ("changes_submission_id", changesSubmissionID?.rawValue),
         ("created_at", StoreTime.format(createdAt)), ("updated_at", StoreTime.format(updatedAt))]
    }

    /// Versions, their KSB mappings and documents are appended once and never rewritten (triggers
    /// refuse it); clarification rounds and the recommendation follow the record; a decision is
    /// written once.
    public func writeProjections(_ db: Database, previous: Submission?, actorID: String?) throws {
        let storedVersions = previous?.versions.count ?? 0
        for version in versions.dropFirst(storedVersions) {
            try db.cachedStatement(sql: """
                INSERT INTO submission_versions (submission_id, number, submitted_at, submitted_by, late_exception_id, title, content)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id.rawValue, version.number, StoreTime.format(version.submittedAt),
                                         version.submittedBy.rawValue, version.lateExceptionID?.rawValue,
                                         version.content.title, try RecordBody.encode(version.content)])
            for mapping in version.content.ksbMapping {
                try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO submission_version_ksb_mappings
                        (submission_id, version_number, standard_reference, ksb_code, covered_in, assessed_in)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [id.rawValue, version.number, mapping.standardReference, mapping.ksbCode,
                                             mapping.coveredIn, mapping.assessedIn])
            }
            for (position, document) in version.content.documents.enumerated() {
                try db.cachedStatement(sql: """
                    INSERT INTO submission_version_documents
                        (submission_id, version_number, position, kind, sha256, original_name, byte_count, media_type)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [id.rawValue, version.number, position, document.kind.rawValue, document.sha256,
                                             document.originalName, document.byteCount, document.mediaType])
            }
        }
        if clarificationRounds != previous?.clarificationRounds ?? [] {
            for round in clarificationRounds {
                try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO clarification_rounds (submission_id, number, question, asked_by, asked_at,
                        answer, answered_by, answered_at, answer_version_number)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [id.rawValue, round.number, round.question, round.askedBy.rawValue,
                                             StoreTime.format(round.askedAt), round.answer, round.answeredBy?.rawValue,
                                             round.answeredAt.map(StoreTime.format), round.answerVersionNumber])
            }
        }
        if let recommendation, recommendation != previous?.recommendation {
            try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO recommendations (submission_id, outcome, rationale, review_id, recommended_by, recommended_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [id.rawValue, recommendation.outcome.rawValue, recommendation.rationale,
                                         recommendation.reviewID.rawValue, recommendation.recommendedBy.rawValue,
                                         StoreTime.format(recommendation.recommendedAt)])
        }
        if let decision, previous?.decision == nil {
            try db.cachedStatement(sql: """
                INSERT INTO decisions (submission_id, outcome, reasons, decided_by, decided_at) VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [id.rawValue, decision.outcome.rawValue, decision.reasons,
                                         decision.decidedBy.rawValue, StoreTime.format(decision.decidedAt)])
        }
        if let reviewer = assignedReviewerID, reviewer != previous?.assignedReviewerID {
            try db.cachedStatement(sql: """
                INSERT INTO reviewer_assignments (record_type, record_id, reviewer_id, assigned_by, assigned_at)
                VALUES ('submission', ?, ?, ?, ?)
                """).execute(arguments: [id.rawValue, reviewer.rawValue, actorID ?? "", StoreTime.format(updatedAt)])
        }
    }
}
