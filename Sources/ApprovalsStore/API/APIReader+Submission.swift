import GRDB

extension APIReader {
    /// A submission with every submitted version (content, KSB mapping, documents' metadata), the
    /// outcomes of its completed reviews, the recommendation and the decision. Nil for a draft.
    public func submission(id: String) throws -> APIObject? {
        guard var object = try item(.submissions, where: "x.id", equals: id) else { return nil }
        try database.pool.read { db in
            let versions = try Row.fetchAll(db, sql: """
                SELECT number, submitted_at, late_exception_id, title, content FROM submission_versions WHERE submission_id = ? ORDER BY number
                """, arguments: [id])
            object["versions"] = .array(try versions.map { row in try version(row, submissionID: id, db) })
            let reviews = try Row.fetchAll(db, sql: """
                SELECT id, reference, version_number, state, recommended_outcome, completed_at FROM reviews
                WHERE submission_id = ? AND state = 'completed' ORDER BY completed_at, id
                """, arguments: [id])
            object["reviews"] = .array(try reviews.map { row in
                let outcomes = try Row.fetchAll(db, sql: "SELECT criterion, outcome, comment FROM review_criterion_outcomes WHERE review_id = ? ORDER BY criterion",
                                                arguments: [row["id"] as String]).map { outcome -> APIValue in
                    .object(["criterion": APIRows.text(outcome, "criterion"), "outcome": APIRows.text(outcome, "outcome"),
                             "comment": APIRows.text(outcome, "comment")])
                }
                return .object(["id": APIRows.text(row, "id"), "reference": APIRows.text(row, "reference"),
                                "version_number": APIRows.number(row, "version_number"),
                                "recommended_outcome": APIRows.text(row, "recommended_outcome"),
                                "completed_at": APIRows.text(row, "completed_at"), "criteria": .array(outcomes)])
            })
            if let decision = try Row.fetchOne(db, sql: "SELECT outcome, reasons, decided_at FROM decisions WHERE submission_id = ?", arguments: [id]) {
                object["decision"] = .object(["outcome": APIRows.text(decision, "outcome"), "reasons": APIRows.text(decision, "reasons"),
                                              "decided_at": APIRows.text(decision, "decided_at")])
            }
        }
        return object
    }

    private func version(_ row: Row, submissionID: String, _ db: Database) throws -> APIValue {
        let number: Int64 = row["number"]
        let mapping = try Row.fetchAll(db, sql: """
            SELECT standard_reference, ksb_code, covered_in, assessed_in FROM submission_version_ksb_mappings
            WHERE submission_id = ? AND version_number = ? ORDER BY standard_reference, ksb_code
            """, arguments: [submissionID, number]).map { ksb -> APIValue in
            .object(["standard_reference": APIRows.text(ksb, "standard_reference"), "ksb_code": APIRows.text(ksb, "ksb_code"),
                     "covered_in": APIRows.text(ksb, "covered_in"), "assessed_in": APIRows.text(ksb, "assessed_in")])
        }
        let documents = try Row.fetchAll(db, sql: """
            SELECT kind, sha256, original_name, byte_count, media_type FROM submission_version_documents
            WHERE submission_id = ? AND version_number = ? ORDER BY position
            """, arguments: [submissionID, number]).map { document -> APIValue in
            .object(["id": APIRows.text(document, "sha256"), "kind": APIRows.text(document, "kind"),
                     "name": APIRows.text(document, "original_name"), "byte_count": APIRows.number(document, "byte_count"),
                     "media_type": APIRows.text(document, "media_type"),
                     "href": .string("/api/v1/documents/" + (document["sha256"] as String))])
        }
        var content = APIValue.fromDomainJSON(row["content"]) ?? .object([:])
        // The mapping and documents have their own shapes above; the domain's copies would repeat them.
        if case .object(var fields) = content {
            fields["ksb_mapping"] = nil
            fields["documents"] = nil
            content = .object(fields)
        }
        return .object(["number": .int(number), "submitted_at": APIRows.text(row, "submitted_at"),
                        "late_exception_id": APIRows.text(row, "late_exception_id"), "title": APIRows.text(row, "title"),
                        "content": content, "ksb_mapping": .array(mapping), "documents": .array(documents)])
    }
}
