import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// The staff's start page: what is waiting for the person signed in, by role, with links to it.
struct InstituteHomeRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage

    func register(on routes: inout GuardedRoutes) {
        routes.page("/institute", .read, .staffRecord) { _, visit in
            try page.render("institute-home", visit, try context(visit))
        }
    }

    /// Counted in SQL over indexes: the page costs a few counts, not a read of every record.
    func context(_ visit: Visit) throws -> [String: Any] {
        let actor = try visit.signedInActor()
        let counts = try records.instituteHomeCounts(viewer: actor.id, hiddenOrganisations: visit.hiddenOrganisations)
        var tasks: [[String: Any]] = []
        func task(_ count: Int, _ text: String, _ link: String) {
            tasks.append(["count": count, "text": text, "link": link])
        }
        if actor.has(.reviewer) {
            task(counts.proposalsAssignedWaitingFeedback, "proposals assigned to you waiting for feedback", "/institute/proposals?assigned=me&sort=deadline")
            task(counts.submissionsAssignedInReview, "submissions assigned to you in review", "/institute/submissions?assigned=me&sort=deadline")
        }
        if actor.has(.admin) {
            task(counts.proposalsWithoutReviewer, "proposals with no reviewer", "/institute/proposals?state=submitted")
            task(counts.submissionsWithoutReviewer, "submissions with no reviewer", "/institute/submissions?state=submitted")
            task(counts.exceptionsRequested, "late-submission exceptions to decide", "/institute/exceptions?state=requested")
        }
        if actor.has(.approver) || actor.has(.admin) {
            task(counts.submissionsRecommended, "recommended submissions waiting for a decision", "/institute/decisions")
        }
        return ["name": actor.displayName, "tasks": tasks]
    }
}
