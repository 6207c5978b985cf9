import Approvals
import ApprovalsStore
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

    /// The same filter for the store; `viewer` stands for "me", `hidden` are the organisations the
    /// viewer may not see.
    func storeQuery(viewer: UserID, hidden: Set<String>) -> InstituteQueueQuery {
        var query = InstituteQueueQuery()
        query.state = state
        query.cycleID = cycle
        query.route = route
        query.category = category
        query.organisationID = organisation
        // Any other value of `assigned` than "me" does not filter, as before.
        query.assignedReviewerID = assigned == "me" ? viewer.rawValue : ""
        query.search = search
        query.order = sort == "deadline" ? .deadline : .created
        query.hiddenOrganisations = hidden
        return query
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

/// One line of a staff queue as the page and the CSV show it: the store's row and whether it is overdue.
struct QueueRow {
    let entry: InstituteQueueEntry
    let overdue: Bool

    init(_ entry: InstituteQueueEntry, now: Date) {
        self.entry = entry
        self.overdue = entry.isOverdue(at: now)
    }

    var reference: String { entry.reference }
    var organisationID: OrganisationID { OrganisationID(entry.organisationID) }
    var assignedReviewerID: UserID? { entry.assignedReviewerID.map(UserID.init) }
    var waitingRelease: Bool { entry.waitingRelease }

    func cells(_ directory: StaffDirectory) -> [String: Any] {
        ["reference": entry.reference, "title": entry.title, "state": StaffText.state(entry.state), "cycle": directory.cycleName(CycleID(entry.cycleID)),
         "organisation": directory.organisationName(organisationID),
         "category": QualificationCategory(rawValue: entry.category)?.title ?? entry.category,
         "route": Route(rawValue: entry.route)?.title ?? entry.route,
         "reviewer": directory.userName(assignedReviewerID), "deadline": StaffText.time(entry.deadline), "overdue": overdue,
         "waitingRelease": entry.waitingRelease]
    }

    /// The columns of the CSV export, in order.
    static let csvHeader = ["reference", "title", "state", "cycle", "organisation", "category", "route", "reviewer", "deadline_utc", "overdue"]

    /// `times` writes the deadline (one formatter per export: making one per row showed in exports).
    func csvFields(_ directory: StaffDirectory, times: ISO8601DateFormatter) -> [String] {
        [entry.reference, entry.title, entry.state, directory.cycleName(CycleID(entry.cycleID)), directory.organisationName(organisationID),
         entry.category, entry.route, directory.userName(assignedReviewerID), entry.deadline.map { times.string(from: $0) } ?? "",
         overdue ? "yes" : "no"]
    }
}
