/// What a route or a record is, for the access policy. A route declares the kind (`.organisationRecord(nil)`
/// for "some AO's record, found by the handler"); once the handler has loaded the record it asks again
/// with the concrete owner. Every later kind of page or API call is one of these.
public enum ProtectedResource: Sendable, Hashable {
    /// Open to everyone, signed in or not: the start page, sign-in, help, the OpenAPI document.
    case publicPage
    /// The signed-in person's own account (details, password, second factor, sign-out).
    case ownAccount
    /// Shared reference data every signed-in person reads: cycles, standards, specialist areas.
    case referenceData
    /// An awarding organisation's record (registration, proposal, submission, exception), with its
    /// owner once known and whether it has ever been submitted (drafts stay with the AO).
    case organisationRecord(OrganisationRecordFacts?)
    /// A review of an AO's record, once known: whose record, and who is assigned.
    case review(ReviewFacts?)
    /// The Institute's own records: regulatory notes, conflict declarations.
    case staffRecord
    /// The users of one organisation (nil: the Institute's own staff; the route-level form is `.users(.none)`).
    case users(UsersScope)
    /// Service administration: cycles, organisations, assignments, API tokens.
    case administration
    /// The read-only JSON API for DfE and Ofqual.
    case api
}

/// What the policy needs to know about an awarding organisation's record.
public struct OrganisationRecordFacts: Sendable, Hashable {
    public let owner: OrganisationID
    /// True once the record has left the AO (a submission with a version, a registered intent, a submitted proposal).
    public let submitted: Bool

    public init(owner: OrganisationID, submitted: Bool) {
        self.owner = owner
        self.submitted = submitted
    }
}

/// What the policy needs to know about a review.
public struct ReviewFacts: Sendable, Hashable {
    /// The AO whose record is reviewed.
    public let organisation: OrganisationID
    public let assignedReviewer: UserID?

    public init(organisation: OrganisationID, assignedReviewer: UserID?) {
        self.organisation = organisation
        self.assignedReviewer = assignedReviewer
    }
}

/// Whose users a user-management page is about.
public enum UsersScope: Sendable, Hashable {
    /// The route-level form: some organisation's users, found by the handler.
    case unknownYet
    /// The users of this awarding organisation.
    case organisation(OrganisationID)
    /// The Institute's staff and API clients (no organisation).
    case institute
}
