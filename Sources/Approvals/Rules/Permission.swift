/// Who may act on a record. Each function throws the violation a person should read, naming the
/// record and who can do the thing instead.
enum Permission {
    /// The actor must be an AO user (editor or admin) of the organisation that owns the record.
    static func requireAwardingOrganisation(_ actor: Actor, owning organisation: OrganisationID,
                                            record: String, doing action: String) throws(RuleViolation) {
        guard actor.roles.contains(where: \.actsForAwardingOrganisation) else {
            throw RuleViolation(.notPermitted,
                "Only a user of the awarding organisation that owns \(record) can \(action) it.")
        }
        guard actor.organisationID == organisation else {
            throw RuleViolation(.notOwnOrganisation,
                "\(record) belongs to another awarding organisation. You can only \(action) your own organisation's records.")
        }
    }

    static func requireRole(_ role: Role, _ actor: Actor, doing action: String) throws(RuleViolation) {
        guard actor.has(role) else {
            throw RuleViolation(.notPermitted,
                "Only a user with the \(role.rawValue) role can \(action). Ask an administrator if you need it.")
        }
    }

    /// The actor must be the reviewer assigned to the record and have no conflict with its AO.
    static func requireAssignedReviewer(_ actor: Actor, assigned: UserID?, organisation: OrganisationID,
                                        conflicts: [ConflictOfInterest], record: String,
                                        doing action: String) throws(RuleViolation) {
        try requireRole(.reviewer, actor, doing: action)
        guard assigned == actor.id else {
            throw RuleViolation(.notAssignedReviewer,
                "You are not the reviewer assigned to \(record), so you cannot \(action). An administrator assigns reviewers.")
        }
        try requireNoConflict(reviewer: actor.id, organisation: organisation, conflicts: conflicts, record: record)
    }

    static func requireNoConflict(reviewer: UserID, organisation: OrganisationID, conflicts: [ConflictOfInterest],
                                  record: String) throws(RuleViolation) {
        if let conflict = conflicts.first(where: { $0.bars(reviewer, from: organisation) }) {
            throw RuleViolation(.conflictOfInterest,
                "The reviewer has declared a conflict of interest (\(conflict.reference)) with the awarding organisation of \(record), so cannot review it. Assign another reviewer.",
                field: "reviewer")
        }
    }
}
