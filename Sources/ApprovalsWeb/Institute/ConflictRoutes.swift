import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Conflicts of interest: a reviewer declares one with an awarding organisation (and from then on
/// is never offered, nor shown, its records); an administrator sees every declaration and ends one
/// that no longer applies.
struct ConflictRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let clock: @Sendable () -> Date

    func register(on routes: inout GuardedRoutes) {
        let show = page.form("institute-conflicts") { _, visit, _ in try context(visit) }
        routes.page("/institute/conflicts", .read, .staffRecord) { request, visit in
            try show.render(request, visit, FormState(), status: .ok)
        }
        // Declared as `.read` of a staff record: a declaration is a reviewer's statement about
        // themselves, not administration, so the policy lets every staff member through and the
        // handler (and the domain) let only reviewers declare, for themselves.
        routes.form("/institute/conflicts", .read, .staffRecord, page: show) { request, visit, fields in
            let actor = try visit.signedInActor()
            guard actor.has(.reviewer) else {
                throw AccessRefusal.forbidden("Only reviewers declare conflicts of interest, for themselves.")
            }
            let organisation = fields["organisation"] ?? ""
            let description = StaffText.trimmed(fields["description"])
            var errors: [FieldError] = []
            let directory = try StaffDirectory(records)
            if directory.organisations[OrganisationID(organisation)] == nil {
                errors.append(FieldError("organisation", "Select the awarding organisation you have a conflict with"))
            }
            if description.isEmpty { errors.append(FieldError("description", "Describe the conflict of interest")) }
            guard errors.isEmpty else { return try show.invalid(request, visit, fields, errors) }
            do {
                try records.declareConflict(reviewerID: actor.id, organisationID: OrganisationID(organisation), description: description,
                                            by: actor, at: clock())
            } catch let violation as RuleViolation {
                return try show.refused(request, visit, fields, violation)
            }
            return SignInRedirect.redirect(to: "/institute/conflicts?declared=1")
        }
        routes.form("/institute/conflicts/:reference/end", .administer, .administration, page: show) { request, visit, fields in
            guard let conflict = try? records.record(ConflictOfInterest.self, reference: request.parameters["reference"] ?? "") else {
                throw RoutingError.notFound
            }
            do {
                try records.applyConflict(.end(reason: StaffText.trimmed(fields["reason"])), to: conflict.id, expectedVersion: conflict.version,
                                          by: try visit.signedInActor(), at: clock())
            } catch let violation as RuleViolation {
                return try show.refused(request, visit, fields, violation)
            }
            return SignInRedirect.redirect(to: "/institute/conflicts?ended=1")
        }
    }

    func context(_ visit: Visit) throws -> [String: Any] {
        let actor = try visit.signedInActor()
        let directory = try StaffDirectory(records)
        let shown = try records.page(ConflictOfInterest.self, limit: 500).records.filter { actor.has(.admin) || $0.reviewerID == actor.id }
        return [
            "canDeclare": actor.has(.reviewer), "isAdmin": actor.has(.admin),
            "organisations": directory.organisationOptions,
            "rows": shown.map { conflict -> [String: Any] in
                ["reference": conflict.reference.description, "reviewer": directory.userName(conflict.reviewerID),
                 "organisation": directory.organisationName(conflict.organisationID), "description": conflict.description,
                 "declaredAt": StaffText.time(conflict.declaredAt), "state": StaffText.state(conflict.state.rawValue),
                 "active": conflict.state == .declared]
            },
        ]
    }
}
