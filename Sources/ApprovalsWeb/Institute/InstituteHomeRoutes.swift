import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// The staff's start page: what is waiting for the person signed in, by role, with links to it.
struct InstituteHomeRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let clock: @Sendable () -> Date

    func register(on routes: inout GuardedRoutes) {
        routes.page("/institute", .read, .staffRecord) { _, visit in
            try page.render("institute-home", visit, try context(visit))
        }
    }

    func context(_ visit: Visit) throws -> [String: Any] {
        let actor = try visit.signedInActor()
        let readable = { (organisation: OrganisationID, reviewer: UserID?) in
            visit.decision(.read, .review(ReviewFacts(organisation: organisation, assignedReviewer: reviewer))).isAllowed
        }
        let proposals = try records.staffQueue(Proposal.self).filter { readable($0.organisationID, $0.assignedReviewerID) }
        let submissions = try records.staffQueue(Submission.self).filter { readable($0.organisationID, $0.assignedReviewerID) }
        var tasks: [[String: Any]] = []
        func task(_ count: Int, _ text: String, _ link: String) {
            tasks.append(["count": count, "text": text, "link": link])
        }
        if actor.has(.reviewer) {
            task(proposals.filter { $0.assignedReviewerID == actor.id && [.submitted, .inReview].contains($0.state) }.count,
                 "proposals assigned to you waiting for feedback", "/institute/proposals?assigned=me&sort=deadline")
            task(submissions.filter { $0.assignedReviewerID == actor.id && [.submitted, .inReview, .clarificationRequested].contains($0.state) }.count,
                 "submissions assigned to you in review", "/institute/submissions?assigned=me&sort=deadline")
        }
        if actor.has(.admin) {
            task(proposals.filter { $0.assignedReviewerID == nil && $0.state == .submitted }.count, "proposals with no reviewer",
                 "/institute/proposals?state=submitted")
            task(submissions.filter { $0.assignedReviewerID == nil && $0.state == .submitted }.count, "submissions with no reviewer",
                 "/institute/submissions?state=submitted")
            task(try records.staffQueue(LateSubmissionException.self, excludingStates: []).filter { $0.state == .requested }.count,
                 "late-submission exceptions to decide", "/institute/exceptions?state=requested")
        }
        if actor.has(.approver) || actor.has(.admin) {
            task(submissions.filter { $0.state == .recommended }.count, "recommended submissions waiting for a decision", "/institute/decisions")
        }
        return ["name": actor.displayName, "tasks": tasks]
    }
}
