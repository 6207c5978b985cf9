import GRDB

/// The SQL of one staff queue: which table, which columns, and the WHERE clause of a query. The
/// deadline and the release flag are correlated lookups by primary key, so they cost a row each.
struct InstituteQueueSQL {
    let kind: InstituteQueueKind

    var table: String { kind == .proposals ? "proposals" : "submissions" }

    var submittedStates: [String] { kind.submittedStates }

    private var titleColumn: String { kind == .proposals ? "q.intended_title" : "q.title" }

    /// Proposals wait for feedback until the cycle's due date while submitted or in review; a
    /// submission's deadline is the answer due for its open (last, unanswered) clarification round.
    private var deadline: String {
        switch kind {
        case .proposals:
            """
            CASE WHEN q.state IN ('submitted', 'in_review') THEN (SELECT w.closes_at FROM cycle_windows w
                WHERE w.cycle_id = q.cycle_id AND w.kind = 'proposal_feedback_due') END
            """
        case .submissions:
            """
            (SELECT d.due_at FROM clarification_rounds r
                JOIN institute_clarification_due_dates d ON d.submission_id = r.submission_id AND d.round = r.number
                WHERE r.submission_id = q.id AND r.answered_at IS NULL
                  AND r.number = (SELECT max(m.number) FROM clarification_rounds m WHERE m.submission_id = q.id))
            """
        }
    }

    private var waitingRelease: String {
        switch kind {
        case .proposals: "EXISTS (SELECT 1 FROM institute_feedback_drafts f WHERE f.proposal_id = q.id)"
        case .submissions: "EXISTS (SELECT 1 FROM institute_pending_decisions p WHERE p.submission_id = q.id)"
        }
    }

    /// The row a page or export shows.
    var columns: String {
        """
        q.rowid AS position, q.reference, \(titleColumn) AS title, q.state, q.cycle_id, q.organisation_id, q.category_code,
        q.route_code, q.assigned_reviewer_id, \(deadline) AS deadline, \(waitingRelease) AS waiting_release
        """
    }

    func orderBy(_ order: InstituteQueueQuery.Order) -> String {
        order == .deadline ? "deadline IS NULL, deadline, reference" : "position"
    }

    /// The records the viewer may see, whatever the filter (the counts per state).
    func visible(_ query: InstituteQueueQuery) -> (String, [any DatabaseValueConvertible]) {
        var conditions = ["q.state IN (\(Self.placeholders(submittedStates.count)))"]
        var arguments: [any DatabaseValueConvertible] = submittedStates
        if !query.hiddenOrganisations.isEmpty {
            conditions.append("q.organisation_id NOT IN (\(Self.placeholders(query.hiddenOrganisations.count)))")
            arguments += query.hiddenOrganisations.sorted() as [any DatabaseValueConvertible]
        }
        return (conditions.joined(separator: " AND "), arguments)
    }

    /// The records matching the query. The search is a substring of the reference or title after
    /// Swift's own lowercasing (`swiftLowercaseString`, which GRDB adds to every connection), as people
    /// type titles with accents.
    func matching(_ query: InstituteQueueQuery) -> (String, [any DatabaseValueConvertible]) {
        var (condition, arguments) = visible(query)
        var conditions = [condition]
        for (column, value) in [("q.state", query.state), ("q.cycle_id", query.cycleID), ("q.route_code", query.route),
                                ("q.category_code", query.category), ("q.organisation_id", query.organisationID),
                                ("q.assigned_reviewer_id", query.assignedReviewerID)] where !value.isEmpty {
            conditions.append("\(column) = ?")
            arguments.append(value)
        }
        if !query.search.isEmpty {
            let needle = query.search.lowercased()
            conditions.append("(instr(swiftLowercaseString(q.reference), ?) > 0 OR instr(swiftLowercaseString(\(titleColumn)), ?) > 0)")
            arguments += [needle, needle]
        }
        condition = conditions.joined(separator: " AND ")
        return (condition, arguments)
    }

    static func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    static func entry(_ row: Row) -> InstituteQueueEntry {
        let deadline: String? = row["deadline"]
        let reference: String = row["reference"]
        return InstituteQueueEntry(
            reference: reference, title: row["title"], state: row["state"], cycleID: row["cycle_id"], organisationID: row["organisation_id"],
            category: row["category_code"], route: row["route_code"] ?? "", assignedReviewerID: row["assigned_reviewer_id"],
            deadline: deadline.flatMap(StoreTime.parse), waitingRelease: row["waiting_release"],
            cursor: InstituteQueueCursor(position: row["position"], deadline: deadline, reference: reference))
    }
}
