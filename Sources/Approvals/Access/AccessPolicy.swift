/// Who may do what, in one place. Every route declares an action and the kind of resource it
/// serves; the web layer asks this policy before the handler runs, and again, with the concrete
/// facts, once a handler has loaded the record. Nothing else decides access.
///
/// The rules (from the roles in DOMAIN.md):
/// - AO users (`ao_editor`, `ao_admin`) read and edit only their own organisation's records; another
///   organisation's record is hidden (treated as not found, and audited). `ao_admin` also manages its
///   own organisation's users.
/// - Reviewers read what has been submitted, never drafts, and nothing of an AO they have declared a
///   conflict of interest with (hidden); they review only what is assigned to them.
/// - Approvers read what has been submitted and decide.
/// - Admins read what has been submitted and administer: users of any organisation, cycles, tokens.
/// - API clients read submitted records through the API and nothing else; they never write.
/// - Anonymous visitors see the public pages only.
public enum AccessPolicy {
    /// The decision for `actor` (nil when nobody is signed in) doing `action` on `resource`.
    /// `conflicts` are the organisations the actor has declared a conflict of interest with.
    public static func decide(_ actor: Actor?, _ action: AccessAction, _ resource: ProtectedResource,
                              conflicts: Set<OrganisationID> = []) -> AccessDecision {
        if resource == .publicPage { return action == .read ? .allowed : .forbidden(reason: "Nothing can be changed here.") }
        guard let actor, !actor.roles.isEmpty else { return .signInRequired }
        if actor.isAPIClient { return decideForAPIClient(action, resource) }
        if resource == .api {
            return .forbidden(reason: "The API is for DfE and Ofqual, with a token. Use the service's pages instead.")
        }
        switch resource {
        case .publicPage, .api:
            return .allowed // handled above
        case .ownAccount:
            return action == .read || action == .edit ? .allowed : refuse(action)
        case .referenceData:
            return action == .read ? .allowed : administration(actor, action)
        case .organisationRecord(let facts):
            return organisationRecord(actor, action, facts, conflicts: conflicts)
        case .review(let facts):
            return review(actor, action, facts, conflicts: conflicts)
        case .staffRecord:
            guard actor.roles.contains(where: isStaff) else { return refuse(action) }
            return action == .read ? .allowed : administration(actor, action)
        case .users(let scope):
            return users(actor, action, scope)
        case .administration:
            return administration(actor, action)
        }
    }

    static func isStaff(_ role: Role) -> Bool { role == .reviewer || role == .approver || role == .admin }

    static func decideForAPIClient(_ action: AccessAction, _ resource: ProtectedResource) -> AccessDecision {
        guard action == .read else { return .forbidden(reason: "API clients can only read.") }
        switch resource {
        case .api: return .allowed
        default: return .forbidden(reason: "API clients use the API at /api/v1/ only.")
        }
    }

    static func organisationRecord(_ actor: Actor, _ action: AccessAction, _ facts: OrganisationRecordFacts?,
                                   conflicts: Set<OrganisationID>) -> AccessDecision {
        let isAOUser = actor.roles.contains(where: \.actsForAwardingOrganisation)
        let isStaff = actor.roles.contains(where: isStaff)
        switch action {
        case .read:
            guard isAOUser || isStaff else { return refuse(action) }
            guard let facts else { return .allowed }
            if actor.actsFor(facts.owner) { return .allowed }
            // From here on the record is someone else's: staff see it once submitted, unless conflicted.
            guard isStaff, facts.submitted else { return .hidden }
            if isConflictedReviewer(actor, facts.owner, conflicts) { return .hidden }
            return .allowed
        case .edit:
            guard isAOUser else {
                return .forbidden(reason: "Only the awarding organisation's own users can change its records.")
            }
            guard let facts else { return .allowed }
            return actor.actsFor(facts.owner) ? .allowed : .hidden
        case .review, .decide, .manageUsers, .administer:
            return refuse(action)
        }
    }

    static func review(_ actor: Actor, _ action: AccessAction, _ facts: ReviewFacts?,
                       conflicts: Set<OrganisationID>) -> AccessDecision {
        guard actor.roles.contains(where: isStaff) else {
            // AO users read the outcome on their own record, never the Institute's working papers.
            return actor.roles.contains(where: \.actsForAwardingOrganisation) ? .hidden : refuse(action)
        }
        if let facts, isConflictedReviewer(actor, facts.organisation, conflicts) { return .hidden }
        switch action {
        case .read:
            return .allowed
        case .review:
            guard actor.has(.reviewer) else { return .forbidden(reason: "Only a reviewer can work on a review.") }
            guard let facts else { return .allowed }
            return facts.assignedReviewer == actor.id
                ? .allowed : .forbidden(reason: "You are not the reviewer assigned to this record. An administrator assigns reviewers.")
        case .decide:
            return actor.has(.approver) ? .allowed : .forbidden(reason: "Only an approver can record a decision.")
        case .administer:
            return administration(actor, action)
        case .edit, .manageUsers:
            return refuse(action)
        }
    }

    static func users(_ actor: Actor, _ action: AccessAction, _ scope: UsersScope) -> AccessDecision {
        guard action == .read || action == .manageUsers else { return refuse(action) }
        if actor.has(.admin) { return .allowed }
        guard actor.has(.aoAdmin), let own = actor.organisationID else {
            return .forbidden(reason: "Only administrators, and awarding organisations' administrators for their own organisation, manage users.")
        }
        switch scope {
        case .unknownYet: return .allowed
        case .organisation(let organisation): return organisation == own ? .allowed : .hidden
        case .institute: return .hidden
        }
    }

    static func administration(_ actor: Actor, _ action: AccessAction) -> AccessDecision {
        actor.has(.admin) ? .allowed : .forbidden(reason: "Only an administrator can do that.")
    }

    static func refuse(_ action: AccessAction) -> AccessDecision {
        .forbidden(reason: "Your role does not allow you to do that. Ask an administrator if you need it.")
    }

    static func isConflictedReviewer(_ actor: Actor, _ organisation: OrganisationID, _ conflicts: Set<OrganisationID>) -> Bool {
        // Only reviewers declare conflicts; whoever declared one is kept away from that AO's records,
        // whatever other roles they hold.
        conflicts.contains(organisation)
    }
}
