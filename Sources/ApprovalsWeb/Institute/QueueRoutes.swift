import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// The staff queues of proposals and submissions: filtered, searched, sorted by deadline, counted
/// per state, with overdue flags, exported as CSV, and the bulk actions (assign a reviewer; release
/// feedback drafts). A reviewer never sees the records of an AO they declared a conflict with.
struct QueueRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let clock: @Sendable () -> Date

    /// The two kinds of queue.
    enum Kind: String, CaseIterable {
        case proposals, submissions

        var states: [String] {
            switch self {
            case .proposals: Proposal.State.allCases.map(\.rawValue).filter { $0 != "draft" }
            case .submissions: Submission.State.allCases.map(\.rawValue).filter { $0 != "draft" }
            }
        }
    }

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

    /// The rows a visit may see, before filtering.
    func rows(_ kind: Kind, _ visit: Visit) throws -> [QueueRow] {
        let now = clock()
        let visible = { (organisation: OrganisationID, reviewer: UserID?) in
            visit.decision(.read, .review(ReviewFacts(organisation: organisation, assignedReviewer: reviewer))).isAllowed
        }
        switch kind {
        case .proposals:
            let cycles = try StaffDirectory(records).cycles
            let drafts = try records.feedbackDrafts()
            return try records.staffQueue(Proposal.self).filter { visible($0.organisationID, $0.assignedReviewerID) }.map { proposal in
                let due = cycles[proposal.cycleID]?.windows.proposalFeedbackDue
                let waiting = [.submitted, .inReview].contains(proposal.state)
                return QueueRow(reference: proposal.reference.description, title: proposal.content.intendedTitle, state: proposal.state.rawValue,
                                cycleID: proposal.cycleID, organisationID: proposal.organisationID, category: proposal.content.category,
                                route: proposal.content.route, assignedReviewerID: proposal.assignedReviewerID,
                                deadline: waiting ? due : nil, overdue: waiting && due.map { now >= $0 } == true,
                                waitingRelease: drafts[proposal.id] != nil)
            }
        case .submissions:
            let pending = try records.pendingDecisions()
            return try records.staffQueue(Submission.self).filter { visible($0.organisationID, $0.assignedReviewerID) }.map { submission in
                let content = submission.latestVersion?.content ?? submission.draft
                var due: Date?
                if let open = submission.openClarification { due = try records.clarificationDueDates(of: submission.id)[open.number] }
                return QueueRow(reference: submission.reference.description, title: content.title, state: submission.state.rawValue,
                                cycleID: submission.cycleID, organisationID: submission.organisationID, category: content.category,
                                route: content.route, assignedReviewerID: submission.assignedReviewerID, deadline: due,
                                overdue: due.map { now >= $0 } == true, waitingRelease: pending[submission.id] != nil)
            }
        }
    }

    func context(_ kind: Kind, _ request: HTTPRequest, _ visit: Visit) throws -> [String: Any] {
        let actor = try visit.signedInActor()
        let directory = try StaffDirectory(records)
        let filter = QueueFilter(request)
        let all = try rows(kind, visit)
        let shown = filter.ordered(all.filter { filter.admits($0, viewer: actor.id) })
        var counts: [String: Int] = [:]
        for row in all { counts[row.state, default: 0] += 1 }
        var context = filter.options(directory, states: kind.states)
        context["kind"] = kind.rawValue
        context["heading"] = kind == .proposals ? "Proposals" : "Submissions"
        context["isProposals"] = kind == .proposals
        // Fifty rows a page; the counts, the CSV and the bulk forms cover the whole filtered list.
        let pageSize = 50, pages = max(1, (shown.count + pageSize - 1) / pageSize)
        let pageNumber = min(max(1, Int(StaffText.query(request, "page")) ?? 1), pages)
        if pages > 1 {
            let base = "/institute/\(kind.rawValue)?" + (filter.query.isEmpty ? "" : filter.query + "&")
            var pagination: [String: Any] = ["current": pageNumber, "pages": pages]
            if pageNumber > 1 { pagination["previous"] = base + "page=\(pageNumber - 1)" }
            if pageNumber < pages { pagination["next"] = base + "page=\(pageNumber + 1)" }
            context["pagination"] = pagination
        }
        let onPage = shown.dropFirst((pageNumber - 1) * pageSize).prefix(pageSize)
        context["rows"] = onPage.map { row -> [String: Any] in
            var cells = row.cells(directory)
            cells["selectable"] = actor.has(.admin) || (kind == .proposals && row.waitingRelease && row.assignedReviewerID == actor.id)
            return cells
        }
        context["count"] = shown.count
        context["counts"] = kind.states.map { ["state": StaffText.state($0), "value": $0, "count": counts[$0] ?? 0] as [String: Any] }
        context["csv"] = "/institute/export/\(kind.rawValue)" + (filter.query.isEmpty ? "" : "?" + filter.query)
        context["canAssign"] = actor.has(.admin)
        context["canRelease"] = kind == .proposals && actor.has(.reviewer)
        context["hasActions"] = actor.has(.admin) || (kind == .proposals && actor.has(.reviewer))
        // Bulk assignment offers only reviewers free of every AO in the list shown: filter by AO to
        // see a reviewer who has a conflict with another one.
        let shownOrganisations = Set(shown.map(\.organisationID))
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

    /// The filtered list as CSV, written row by row as the client reads it.
    func csv(_ kind: Kind, _ request: HTTPRequest, _ visit: Visit) throws -> HTTPResponse {
        let actor = try visit.signedInActor()
        let directory = try StaffDirectory(records)
        let filter = QueueFilter(request)
        let shown = filter.ordered(try rows(kind, visit).filter { filter.admits($0, viewer: actor.id) })
        let lines = [QueueRow.csvHeader] + shown.map { $0.csvFields(directory) }
        return HTTPResponse(status: .ok, headers: [
            "Content-Type": "text/csv; charset=utf-8", "Cache-Control": "no-store",
            "Content-Disposition": "attachment; filename=\"\(kind.rawValue).csv\"",
        ], body: .stream(ResponseStream { writer in
            for line in lines { try writer.write(CSVLine.make(line)) }
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
