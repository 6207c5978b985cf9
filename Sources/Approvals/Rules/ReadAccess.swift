/// Who may read what: no AO ever sees another AO's data; the Institute's staff and DfE/Ofqual read
/// what has been submitted, never an AO's drafts. The web layer filters lists and guards pages with
/// these, so that the rule lives here and not in a handler or a query.
public enum ReadAccess {
    /// The general rule for a record owned by `owner` (nil for shared data such as cycles and
    /// standards, which everyone signed in may read). `submitted` says whether the record has ever
    /// left the AO (a draft withdrawn before submission never did).
    public static func canRead(_ actor: Actor, owner: OrganisationID?, submitted: Bool) -> Bool {
        guard let owner else { return !actor.roles.isEmpty }
        if actor.actsFor(owner) { return true }
        let staffOrClient: Set<Role> = [.reviewer, .approver, .admin, .apiClient]
        return submitted && !actor.roles.isDisjoint(with: staffOrClient)
    }

    public static func canRead(_ actor: Actor, _ submission: Submission) -> Bool {
        canRead(actor, owner: submission.organisationID, submitted: !submission.versions.isEmpty)
    }

    public static func canRead(_ actor: Actor, _ proposal: Proposal) -> Bool {
        canRead(actor, owner: proposal.organisationID, submitted: proposal.submittedAt != nil)
    }

    public static func canRead(_ actor: Actor, _ registration: RegistrationOfIntent) -> Bool {
        canRead(actor, owner: registration.organisationID, submitted: registration.registeredAt != nil)
    }

    /// Exceptions are lodged, never drafted: the AO that asked and the staff and clients read them.
    public static func canRead(_ actor: Actor, _ exception: LateSubmissionException) -> Bool {
        canRead(actor, owner: exception.organisationID, submitted: true)
    }

    /// Reviews are the Institute's working papers: staff and DfE/Ofqual read them; the AO reads the
    /// recommendation and decision on its submission instead, not the review itself.
    public static func canRead(_ actor: Actor, _ review: Review) -> Bool {
        !actor.roles.isDisjoint(with: [.reviewer, .approver, .admin, .apiClient])
    }

    /// Regulatory notes and conflict declarations are for the Institute's staff and the regulators.
    public static func canReadStaffRecord(_ actor: Actor) -> Bool {
        !actor.roles.isDisjoint(with: [.reviewer, .approver, .admin, .apiClient])
    }
}
