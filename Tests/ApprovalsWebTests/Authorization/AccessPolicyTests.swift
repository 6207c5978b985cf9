import Approvals
import Testing

/// The access policy alone, with no I/O: the rules of DOMAIN.md for each role, and the property
/// that whatever a route-level check refuses, no concrete record can allow.
@Suite struct AccessPolicyTests {
    static let northbridge = OrganisationID("northbridge"), crescent = OrganisationID("crescent")
    static let editor = Actor(id: UserID("e"), organisationID: northbridge, roles: [.aoEditor])
    static let aoAdmin = Actor(id: UserID("a"), organisationID: northbridge, roles: [.aoAdmin])
    static let reviewer = Actor(id: UserID("r"), roles: [.reviewer])
    static let approver = Actor(id: UserID("p"), roles: [.approver])
    static let admin = Actor(id: UserID("x"), roles: [.admin])
    static let client = Actor(id: UserID("token:1"), roles: [.apiClient])
    static let everyone: [Actor?] = [nil, editor, aoAdmin, reviewer, approver, admin, client]

    static func record(_ owner: OrganisationID, submitted: Bool) -> ProtectedResource {
        .organisationRecord(OrganisationRecordFacts(owner: owner, submitted: submitted))
    }

    @Test func awardingOrganisationsSeeOnlyTheirOwn() {
        #expect(AccessPolicy.decide(Self.editor, .read, Self.record(Self.northbridge, submitted: false)) == .allowed)
        #expect(AccessPolicy.decide(Self.editor, .edit, Self.record(Self.northbridge, submitted: true)) == .allowed)
        #expect(AccessPolicy.decide(Self.editor, .read, Self.record(Self.crescent, submitted: true)) == .hidden)
        #expect(AccessPolicy.decide(Self.aoAdmin, .edit, Self.record(Self.crescent, submitted: false)) == .hidden)
        #expect(AccessPolicy.decide(Self.editor, .read, .review(ReviewFacts(organisation: Self.northbridge, assignedReviewer: nil))) == .hidden)
    }

    @Test func staffReadWhatWasSubmittedNeverDrafts() {
        for staff in [Self.reviewer, Self.approver, Self.admin] {
            #expect(AccessPolicy.decide(staff, .read, Self.record(Self.crescent, submitted: true)) == .allowed)
            #expect(AccessPolicy.decide(staff, .read, Self.record(Self.crescent, submitted: false)) == .hidden)
            #expect(!AccessPolicy.decide(staff, .edit, Self.record(Self.crescent, submitted: true)).isAllowed)
        }
    }

    @Test func aConflictOfInterestHidesThatOrganisationFromTheReviewer() {
        let facts = ReviewFacts(organisation: Self.crescent, assignedReviewer: Self.reviewer.id)
        #expect(AccessPolicy.decide(Self.reviewer, .review, .review(facts)) == .allowed)
        #expect(AccessPolicy.decide(Self.reviewer, .review, .review(facts), conflicts: [Self.crescent]) == .hidden)
        #expect(AccessPolicy.decide(Self.reviewer, .read, Self.record(Self.crescent, submitted: true), conflicts: [Self.crescent]) == .hidden)
        #expect(AccessPolicy.decide(Self.reviewer, .read, Self.record(Self.northbridge, submitted: true), conflicts: [Self.crescent]) == .allowed)
        let someoneElses = ReviewFacts(organisation: Self.northbridge, assignedReviewer: UserID("other"))
        #expect(!AccessPolicy.decide(Self.reviewer, .review, .review(someoneElses)).isAllowed)
    }

    @Test func onlyApproversDecideAndOnlyAdminsAdminister() {
        let facts = ReviewFacts(organisation: Self.crescent, assignedReviewer: nil)
        for actor in Self.everyone {
            #expect(AccessPolicy.decide(actor, .decide, .review(facts)).isAllowed == (actor == Self.approver))
            #expect(AccessPolicy.decide(actor, .administer, .administration).isAllowed == (actor == Self.admin))
        }
    }

    @Test func userManagementIsForAdminsAndAnAOsOwnAdministrators() {
        #expect(AccessPolicy.decide(Self.aoAdmin, .manageUsers, .users(.organisation(Self.northbridge))) == .allowed)
        #expect(AccessPolicy.decide(Self.aoAdmin, .manageUsers, .users(.organisation(Self.crescent))) == .hidden)
        #expect(AccessPolicy.decide(Self.aoAdmin, .manageUsers, .users(.institute)) == .hidden)
        #expect(AccessPolicy.decide(Self.admin, .manageUsers, .users(.organisation(Self.crescent))) == .allowed)
        #expect(!AccessPolicy.decide(Self.editor, .manageUsers, .users(.unknownYet)).isAllowed)
    }

    @Test func apiClientsOnlyReadTheAPI() {
        for action in AccessAction.allCases {
            #expect(AccessPolicy.decide(Self.client, action, .api).isAllowed == (action == .read))
        }
        for resource in [ProtectedResource.ownAccount, .referenceData, .administration, .staffRecord, Self.record(Self.crescent, submitted: true)] {
            #expect(!AccessPolicy.decide(Self.client, .read, resource).isAllowed)
        }
        #expect(!AccessPolicy.decide(Self.admin, .read, .api).isAllowed)
    }

    @Test func anonymousVisitorsSeeOnlyPublicPages() {
        #expect(AccessPolicy.decide(nil, .read, .publicPage) == .allowed)
        for resource in [ProtectedResource.ownAccount, .referenceData, .api, .administration, .users(.unknownYet), .organisationRecord(nil)] {
            #expect(AccessPolicy.decide(nil, .read, resource) == .signInRequired)
        }
    }

    /// What a route-level check refuses, no concrete record allows: the middleware's early answer
    /// never turns away a request the handler would have served.
    @Test(arguments: AccessAction.allCases) func concreteAnswersNeverExceedTheRouteLevelOne(action: AccessAction) {
        let organisations = [Self.northbridge, Self.crescent]
        for actor in Self.everyone {
            for conflicts in [Set<OrganisationID>(), [Self.crescent]] {
                let records = organisations.flatMap { owner in [true, false].map { Self.record(owner, submitted: $0) } }
                let reviews = organisations.flatMap { owner in [nil, Self.reviewer.id].map { ProtectedResource.review(ReviewFacts(organisation: owner, assignedReviewer: $0)) } }
                let users = organisations.map { ProtectedResource.users(.organisation($0)) } + [.users(.institute)]
                for (general, concrete) in [(ProtectedResource.organisationRecord(nil), records), (.review(nil), reviews), (.users(.unknownYet), users)] {
                    if !AccessPolicy.decide(actor, action, general, conflicts: conflicts).isAllowed {
                        for resource in concrete {
                            #expect(!AccessPolicy.decide(actor, action, resource, conflicts: conflicts).isAllowed,
                                    "\(String(describing: actor?.roles)) \(action) \(resource)")
                        }
                    }
                }
            }
        }
    }
}
