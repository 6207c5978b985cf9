import Approvals
import Foundation
import HTTPServer

/// What a staff queue is asked to show, from its query string: by state, cycle, route, category,
/// awarding organisation, reviewer, a search over reference and title, and the order.
struct QueueFilter {
    var state = ""
    var cycle = ""
    var route = ""
    var category = ""
    var organisation = ""
    /// "me" for the records assigned to the person looking.
    var assigned = ""
    var search = ""
    /// "deadline" (soonest first, none last) or "reference".
    var sort = "reference"

    init(_ request: HTTPRequest) {
        state = StaffText.query(request, "state")
        cycle = StaffText.query(request, "cycle")
        route = StaffText.query(request, "route")
        category = StaffText.query(request, "category")
        organisation = StaffText.query(request, "organisation")
        assigned = StaffText.query(request, "assigned")
        search = StaffText.query(request, "q")
        sort = StaffText.query(request, "sort") == "deadline" ? "deadline" : "reference"
    }

    func admits(_ row: QueueRow, viewer: UserID) -> Bool {
        if !state.isEmpty && row.state != state { return false }
        if !cycle.isEmpty && row.cycleID.rawValue != cycle { return false }
        if !route.isEmpty && row.route.rawValue != route { return false }
        if !category.isEmpty && row.category.rawValue != category { return false }
        if !organisation.isEmpty && row.organisationID.rawValue != organisation { return false }
        if assigned == "me" && row.assignedReviewerID != viewer { return false }
        if !search.isEmpty {
            let needle = search.lowercased()
            if !row.reference.lowercased().contains(needle) && !row.title.lowercased().contains(needle) { return false }
        }
        return true
    }

    func ordered(_ rows: [QueueRow]) -> [QueueRow] {
        guard sort == "deadline" else { return rows }
        return rows.sorted { ($0.deadline ?? .distantFuture, $0.reference) < ($1.deadline ?? .distantFuture, $1.reference) }
    }

    /// The same filter as a query string, for the CSV link.
    var query: String {
        var fields = FormFields()
        for (name, value) in [("state", state), ("cycle", cycle), ("route", route), ("category", category), ("organisation", organisation),
                              ("assigned", assigned), ("q", search), ("sort", sort)] where !value.isEmpty {
            fields.append(name, value)
        }
        return fields.urlEncoded
    }

    /// The filter form's select options, with the current choice selected.
    func options(_ directory: StaffDirectory, states: [String]) -> [String: Any] {
        func list(_ pairs: [(String, String)], _ current: String, any: String) -> [[String: Any]] {
            [["value": "", "label": any, "selected": current.isEmpty]] + pairs.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == current] }
        }
        return [
            "stateOptions": list(states.map { ($0, StaffText.state($0)) }, state, any: "Any state"),
            "cycleOptions": list(directory.cycleOptions.map { ($0["value"]!, $0["label"]!) }, cycle, any: "Any cycle"),
            "routeOptions": list(Route.allCases.map { ($0.rawValue, $0.title) }, route, any: "Any route"),
            "categoryOptions": list(QualificationCategory.allCases.map { ($0.rawValue, $0.title) }, category, any: "Any category"),
            "organisationOptions": list(directory.organisationOptions.map { ($0["value"]!, $0["label"]!) }, organisation, any: "Any organisation"),
            "assignedOptions": list([("me", "Assigned to me")], assigned, any: "Anyone"),
            "sortOptions": [["value": "reference", "label": "Reference", "selected": sort == "reference"],
                            ["value": "deadline", "label": "Deadline, soonest first", "selected": sort == "deadline"]],
            "q": search,
        ]
    }
}

/// One line of a staff queue: a proposal or a submission, with what the filters and columns need.
struct QueueRow {
    let reference: String
    let title: String
    let state: String
    let cycleID: CycleID
    let organisationID: OrganisationID
    let category: QualificationCategory
    let route: Route
    let assignedReviewerID: UserID?
    /// Feedback due (proposals) or the open clarification's answer due (submissions).
    let deadline: Date?
    let overdue: Bool
    /// A draft of feedback or a held decision waiting for release.
    let waitingRelease: Bool

    func cells(_ directory: StaffDirectory) -> [String: Any] {
        ["reference": reference, "title": title, "state": StaffText.state(state), "cycle": directory.cycleName(cycleID),
         "organisation": directory.organisationName(organisationID), "category": category.title, "route": route.title,
         "reviewer": directory.userName(assignedReviewerID), "deadline": StaffText.time(deadline), "overdue": overdue,
         "waitingRelease": waitingRelease]
    }

    /// The columns of the CSV export, in order.
    static let csvHeader = ["reference", "title", "state", "cycle", "organisation", "category", "route", "reviewer", "deadline_utc", "overdue"]

    func csvFields(_ directory: StaffDirectory) -> [String] {
        [reference, title, state, directory.cycleName(cycleID), directory.organisationName(organisationID), category.rawValue, route.rawValue,
         directory.userName(assignedReviewerID), deadline.map { ISO8601DateFormatter().string(from: $0) } ?? "", overdue ? "yes" : "no"]
    }
}
