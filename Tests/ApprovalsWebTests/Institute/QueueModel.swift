import Approvals
@testable import ApprovalsStore
import Foundation

/// The staff queues as the pages computed them before SQL did (every record decoded, filtered, sorted
/// and counted in Swift): the reference the SQL answers are compared with, on the same data.
struct QueueModel {
    struct Row: Equatable {
        let reference: String
        let title: String
        let state: String
        let cycleID: String
        let organisationID: String
        let category: String
        let route: String
        let assignedReviewerID: String?
        let deadline: Date?
        let waitingRelease: Bool
    }

    let rows: [Row]

    /// Every record of `kind` that has left its draft and that a viewer hiding `hidden` may see, in
    /// the order they were created.
    init(_ kind: InstituteQueueKind, _ records: RecordStore, hidden: Set<String>) throws {
        switch kind {
        case .proposals:
            let cycles = Dictionary(try records.page(Cycle.self, limit: 500).records.map { ($0.id, $0) }) { first, _ in first }
            let drafts = try records.feedbackDrafts()
            rows = try records.page(Proposal.self, limit: 500).records
                .filter { $0.state != .draft && !hidden.contains($0.organisationID.rawValue) }
                .map { proposal in
                    let waiting = [.submitted, .inReview].contains(proposal.state)
                    return Row(reference: proposal.reference.description, title: proposal.content.intendedTitle, state: proposal.state.rawValue,
                               cycleID: proposal.cycleID.rawValue, organisationID: proposal.organisationID.rawValue,
                               category: proposal.content.category.rawValue, route: proposal.content.route.rawValue,
                               assignedReviewerID: proposal.assignedReviewerID?.rawValue,
                               deadline: waiting ? cycles[proposal.cycleID]?.windows.proposalFeedbackDue : nil, waitingRelease: drafts[proposal.id] != nil)
                }
        case .submissions:
            let pending = try records.pendingDecisions()
            rows = try records.page(Submission.self, limit: 500).records
                .filter { $0.state != .draft && !hidden.contains($0.organisationID.rawValue) }
                .map { submission in
                    let content = submission.latestVersion?.content ?? submission.draft
                    var due: Date?
                    if let open = submission.openClarification { due = try records.clarificationDueDates(of: submission.id)[open.number] }
                    return Row(reference: submission.reference.description, title: content.title, state: submission.state.rawValue,
                               cycleID: submission.cycleID.rawValue, organisationID: submission.organisationID.rawValue,
                               category: content.category.rawValue, route: content.route.rawValue,
                               assignedReviewerID: submission.assignedReviewerID?.rawValue, deadline: due,
                               waitingRelease: pending[submission.id] != nil)
                }
        }
    }

    /// The rows a query string admits, in its order: the old `QueueFilter.admits` and `ordered`.
    func shown(_ parameters: [String: String], viewer: String) -> [Row] {
        let admitted = rows.filter { row in
            if let state = parameters["state"], !state.isEmpty, row.state != state { return false }
            if let cycle = parameters["cycle"], !cycle.isEmpty, row.cycleID != cycle { return false }
            if let route = parameters["route"], !route.isEmpty, row.route != route { return false }
            if let category = parameters["category"], !category.isEmpty, row.category != category { return false }
            if let organisation = parameters["organisation"], !organisation.isEmpty, row.organisationID != organisation { return false }
            if parameters["assigned"] == "me", row.assignedReviewerID != viewer { return false }
            if let search = parameters["q"], !search.isEmpty {
                let needle = search.lowercased()
                if !row.reference.lowercased().contains(needle) && !row.title.lowercased().contains(needle) { return false }
            }
            return true
        }
        guard parameters["sort"] == "deadline" else { return admitted }
        return admitted.sorted { ($0.deadline ?? .distantFuture, $0.reference) < ($1.deadline ?? .distantFuture, $1.reference) }
    }

    /// Rows per state, whatever the filter.
    var stateCounts: [String: Int] {
        rows.reduce(into: [:]) { counts, row in counts[row.state, default: 0] += 1 }
    }
}

/// Reads the CSV the export writes (RFC 4180 quoting), a list of fields per line.
enum CSVRows {
    static func parse(_ text: String) -> [[String]] {
        var lines: [[String]] = [], fields: [String] = [], field = "", quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters = characters.dropFirst() } else { quoted = false }
                } else { field.append(character) }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(field); field = ""
            } else if character == "\r\n" || character == "\n" {
                fields.append(field); lines.append(fields); fields = []; field = ""
            } else {
                field.append(character)
            }
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); lines.append(fields) }
        return lines
    }
}
