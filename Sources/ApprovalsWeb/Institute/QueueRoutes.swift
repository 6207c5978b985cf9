import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// The staff queues of proposals and submissions: filtered, searched, sorted by deadline, counted
/// per state, with overdue flags, exported as CSV, and the bulk actions (assign a reviewer; release
/// feedback drafts). A reviewer never sees the records of an AO they declared a conflict with.
/// The store answers each page in SQL (`instituteQueuePage`): fifty rows, the counts and the total,
/// so a page costs the same whether the cycle holds a hundred records or thousands.
struct QueueRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let clock: @Sendable () -> Date

    /// The two kinds of queue.
    typealias Kind = InstituteQueueKind

    /// Rows a page shows; the counts, the CSV and the bulk forms' reviewers cover the whole filtered list.
    static let pageSize = 50

    func register(on routes: inout GuardedRoutes) {
        for kind in Kind.allCases {
            let list = page.form("institute-queue") { request, visit, _ in try context(kind, request, visit) }
            routes.page("/institute/\(kind.rawValue)", .read, .review(nil)) { request, visit in
                try list.render(request, visit, FormState(), status: .ok)
            }
            routes.page("/institute/export/\(kind.rawValue)", .read, .review(nil)) { request, visit in
                try csv(kind, request, visit)
            }
            routes.form("/institute/\(kind.rawValue)/assign", .administer, .review(nil), page: list) { request, visit, fields in
                try assign(kind, list, request, visit, fields)
            }
        }
        let proposals = page.form("institute-queue") { request, visit, _ in try context(.proposals, request, visit) }
        routes.form("/institute/proposals/release", .review, .review(nil), page: proposals) { request, visit, fields in
            try releaseFeedback(proposals, request, visit, fields)
        }
    }

    func context(_ kind: Kind, _ request: HTTPRequest, _ visit: Visit) throws -> [String: Any] {
        let actor = try visit.signedInActor()
        let filter = QueueFilter(request)
        let now = clock()
        let page = try records.instituteQueuePage(kind, filter.storeQuery(viewer: actor.id, hidden: visit.hiddenOrganisations),
                                                  pageNumber: Int(StaffText.query(request, "page")) ?? 1, pageSize: Self.pageSize)
        // The page names only reviewers (offered, or assigned to the rows shown): the staff, and
        // anyone assigned who has since lost the role, not the hundreds of AO users.
        let directory = try StaffDirectory(records, staffAnd: page.entries.compactMap(\.assignedReviewerID).map(UserID.init))
        let states = kind.submittedStates
        var context = filter.options(directory, states: states)
        context["kind"] = kind.rawValue
        context["heading"] = kind == .proposals ? "Proposals" : "Submissions"
        context["isProposals"] = kind == .proposals
        context["pagination"] = StaffPagination(path: "/institute/\(kind.rawValue)", query: filter.query, current: page.pageNumber,
                                                pages: page.pageCount).context
        context["rows"] = page.entries.map { entry -> [String: Any] in
            let row = QueueRow(entry, now: now)
            var cells = row.cells(directory)
            cells["selectable"] = actor.has(.admin) || (kind == .proposals && row.waitingRelease && row.assignedReviewerID == actor.id)
            return cells
        }
        context["count"] = page.total
        context["counts"] = states.map { ["state": StaffText.state($0), "value": $0, "count": page.stateCounts[$0] ?? 0] as [String: Any] }
        context["csv"] = "/institute/export/\(kind.rawValue)" + (filter.query.isEmpty ? "" : "?" + filter.query)
        context["canAssign"] = actor.has(.admin)
        context["canRelease"] = kind == .proposals && actor.has(.reviewer)
        context["hasActions"] = actor.has(.admin) || (kind == .proposals && actor.has(.reviewer))
        // Bulk assignment offers only reviewers free of every AO in the list shown: filter by AO to
        // see a reviewer who has a conflict with another one.
        let shownOrganisations = page.organisationIDs.map(OrganisationID.init)
        context["reviewers"] = directory.users.values
            .filter { reviewer in reviewer.roles.contains(.reviewer) && !shownOrganisations.contains { directory.isConflicted(reviewer.id, $0) } }
            .sorted { $0.displayName < $1.displayName }
            .map { ["value": $0.id.rawValue, "label": $0.displayName] }
        if let assigned = Int(StaffText.query(request, "assigned")) {
            context["notice"] = "A reviewer has been assigned to \(assigned) record\(assigned == 1 ? "" : "s")."
        }
        if let released = Int(StaffText.query(request, "released")) {
            context["notice"] = "Feedback on \(released) proposal\(released == 1 ? " has" : "s have") been released to the awarding organisations."
        }
        return context
    }

    /// The filtered list as CSV, read from the store a chunk at a time and written as the client reads
    /// it: however long the list, one chunk is in memory, and each chunk is its own short read.
    func csv(_ kind: Kind, _ request: HTTPRequest, _ visit: Visit) throws -> HTTPResponse {
        let actor = try visit.signedInActor()
        let directory = try StaffDirectory(records)
        let query = QueueFilter(request).storeQuery(viewer: actor.id, hidden: visit.hiddenOrganisations)
        let now = clock()
        let records = records
        return HTTPResponse(status: .ok, headers: [
            "Content-Type": "text/csv; charset=utf-8", "Cache-Control": "no-store",
            "Content-Disposition": "attachment; filename=\"\(kind.rawValue).csv\"",
        ], body: .stream(ResponseStream { writer in
            let times = ISO8601DateFormatter()
            try writer.write(CSVLine.make(QueueRow.csvHeader))
            var cursor: InstituteQueueCursor?
            repeat {
                let chunk = try records.instituteQueueChunk(kind, query, after: cursor, limit: 200)
                try writer.write(chunk.entries.map { CSVLine.make(QueueRow($0, now: now).csvFields(directory, times: times)) }.joined())
                cursor = chunk.next
            } while cursor != nil
        }))
    }

    func assign(_ kind: Kind, _ list: InstituteFormPage, _ request: HTTPRequest, _ visit: Visit, _ fields: FormFields) throws -> HTTPResponse {
        let chosen = fields.values("record")
        let reviewer = fields["reviewer"] ?? ""
        var errors: [FieldError] = []
        if chosen.isEmpty { errors.append(FieldError("records", "Select the records to assign")) }
        if reviewer.isEmpty { errors.append(FieldError("reviewer", "Select the reviewer to assign")) }
        guard errors.isEmpty else { return try list.invalid(request, visit, fields, errors) }
        let actor = try visit.signedInActor()
        var assigned = 0
        for reference in chosen {
            do {
                switch kind {
                case .proposals:
                    let proposal = try records.record(Proposal.self, reference: reference)
                    try records.applyProposal(.assignReviewer(UserID(reviewer)), to: proposal.id, expectedVersion: proposal.version, by: actor, at: clock())
                case .submissions:
                    let submission = try records.record(Submission.self, reference: reference)
                    try records.applySubmission(.assignReviewer(UserID(reviewer)), to: submission.id, expectedVersion: submission.version,
                                                by: actor, at: clock())
                }
                assigned += 1
            } catch let violation as RuleViolation {
                errors.append(FieldError(nil, "\(reference): \(violation.message)"))
            } catch let failure as RecordNotFound {
                errors.append(FieldError(nil, failure.description))
            } catch let conflict as EditConflict {
                errors.append(FieldError(nil, conflict.description))
            }
        }
        if !errors.isEmpty {
            if assigned > 0 { errors.insert(FieldError(nil, "\(assigned) of the selected records were assigned; these were not:"), at: 0) }
            return try list.invalid(request, visit, fields, errors)
        }
        return SignInRedirect.redirect(to: "/institute/\(kind.rawValue)?assigned=\(assigned)")
    }

    func releaseFeedback(_ list: InstituteFormPage, _ request: HTTPRequest, _ visit: Visit, _ fields: FormFields) throws -> HTTPResponse {
        let chosen = fields.values("record")
        guard !chosen.isEmpty else { return try list.invalid(request, visit, fields, [FieldError("records", "Select the feedback to release")]) }
        let actor = try visit.signedInActor()
        var errors: [FieldError] = []
        var released = 0
        for reference in chosen {
            do {
                let proposal = try records.record(Proposal.self, reference: reference)
                try StaffRecords(records: records).check(visit, .review, owner: proposal.organisationID, submitted: true,
                                                         assigned: proposal.assignedReviewerID, type: "proposal", id: proposal.id.rawValue)
                try records.releaseFeedback(on: proposal.id, by: actor, at: clock())
                released += 1
            } catch let violation as RuleViolation {
                errors.append(FieldError(nil, "\(reference): \(violation.message)"))
            } catch let failure as RecordNotFound {
                errors.append(FieldError(nil, failure.description))
            } catch let conflict as EditConflict {
                errors.append(FieldError(nil, conflict.description))
            }
        }
        if !errors.isEmpty { return try list.invalid(request, visit, fields, errors) }
        return SignInRedirect.redirect(to: "/institute/proposals?released=\(released)")
    }
}
