import Approvals
import ApprovalsStore

extension Visit {
    /// The organisations whose records this visit may not see on the staff pages, for the store's
    /// queries to leave out. The access policy decides: it hides from a staff member the records of an
    /// AO they declared a conflict with, and nothing else (the route has already required staff), so
    /// asking it about each declared conflict gives the whole set.
    var hiddenOrganisations: Set<String> {
        Set(conflicts.filter { organisation in
            !decision(.read, .review(ReviewFacts(organisation: organisation, assignedReviewer: nil))).isAllowed
        }.map(\.rawValue))
    }
}
