import Foundation
import Testing
@testable import Approvals

enum ProposalFixture {
    static let cycle = SeedCycles.level2Cycle2
    static let during = Fixture.uk(2024, 3, 8, 12)

    static var content: ProposalContent {
        ProposalContent(
            category: .additionalSpecialist, proposedArea: "Heat pump servicing",
            intendedTitle: "Level 2 Technical Specialist in Heat Pump Servicing (Certificate)", level: .two,
            aimsAndPurpose: "Specialise plumbers in heat pumps", guidedLearningHours: 120, totalQualificationTime: 150,
            route: .constructionBuiltEnvironment, standardReferences: ["ST0303"],
            proposedDuties: ["Service air source heat pumps"],
            reusedKSBs: [ReusedKSB(standardReference: "ST0303", ksbCode: "K4", rationale: "Safety basis")],
            demandRationale: DemandRationale(industryUnderstanding: "Growing market", approach: "Employer panel",
                                             howDutiesBuildOnStandard: "Beyond core plumbing",
                                             statutoryOrProfessionalRecognition: "F-gas registration"))
    }

    static func proposal(_ content: ProposalContent = content) -> Proposal {
        try! ProposalLifecycle.create(id: ProposalID("pro-1"),
                                      reference: RecordReference(kind: .proposal, scope: "L2C2", sequence: 7)!,
                                      cycle: cycle, organisationID: Fixture.aoA.id, content: content,
                                      by: Fixture.editorA, at: Fixture.uk(2024, 3, 1, 9)).record
    }

    static func apply(_ event: ProposalEvent, _ p: Proposal, _ actor: Actor, at: Date = during,
                      conflicts: [ConflictOfInterest] = []) throws -> Transition<Proposal> {
        try ProposalLifecycle.apply(event, to: p, by: actor, at: at,
                                    context: ProposalContext(cycle: cycle, conflicts: conflicts))
    }

    static let feedback = ProposalEvent.issueFeedback(categoryFitAndNeed: "Fits", dutiesQualityAndRelevance: "Clear",
                                                      employerDemandApproach: "Broaden the panel")
}

@Suite("Proposal lifecycle")
struct ProposalTests {
    typealias F = ProposalFixture

    @Test("The whole happy path, with one audit event per step")
    func happyPath() throws {
        var p = F.proposal()
        var audits: [AuditEvent] = []
        for (event, actor) in [(ProposalEvent.submit, Fixture.editorA), (.assignReviewer(Fixture.reviewer.id), Fixture.admin),
                               (.startReview, Fixture.reviewer), (F.feedback, Fixture.reviewer),
                               (.respond(followUpRequested: true, willProceed: true), Fixture.adminA)] {
            let t = try F.apply(event, p, actor)
            #expect(t.audit.stateBefore == p.state.rawValue && t.audit.stateAfter == t.record.state.rawValue)
            #expect(t.record.version == p.version + 1)
            p = t.record
            audits.append(t.audit)
        }
        #expect(p.state == .closed)
        #expect(p.feedback?.followUpRequested == true && p.feedback?.willProceed == true)
        #expect(audits.map(\.action) == ["submit", "assign_reviewer", "start_review", "issue_feedback", "respond"])
    }

    @Test("Submit only in the proposal window, first and last millisecond")
    func window() throws {
        let p = F.proposal()
        let opens = F.cycle.windows.proposal!.opens
        let closes = F.cycle.windows.proposal!.closes
        #expect(violation { try F.apply(.submit, p, Fixture.editorA, at: opens) } == nil)
        #expect(violation { try F.apply(.submit, p, Fixture.editorA, at: closes.addingTimeInterval(-0.001)) } == nil)
        #expect(violation { try F.apply(.submit, p, Fixture.editorA, at: opens.addingTimeInterval(-0.001)) }?.rule == .windowNotOpen)
        let late = violation { try F.apply(.submit, p, Fixture.editorA, at: closes) }
        #expect(late?.message == "The proposal submission window for Level 2 cycle 2 closed at 17:00 on 15 March 2024 (UK time). You can ask for a late-submission exception until 17:00 on 16 March 2024 (UK time).")
    }

    @Test("Content rules: a proposal for a category that needs none, missing fields, employer-proposed extras")
    func contentRules() throws {
        var c = F.content
        c.category = .occupationalEntry
        c.intendedTitle = "Level 2 Technical Occupational Entry in Plumbing (Certificate)"
        #expect(violation { try F.apply(.submit, F.proposal(c), Fixture.editorA) }?.rule == .invalidState)

        c = F.content
        c.proposedDuties = []
        c.demandRationale.howDutiesBuildOnStandard = ""
        let v = violation { try F.apply(.submit, F.proposal(c), Fixture.editorA) }
        #expect(v?.all.compactMap(\.field) == ["proposed_duties", "how_duties_build_on_standard"])

        c = F.content
        c.category = .employerProposed
        c.intendedTitle = "Level 2 Technical Occupational Entry in Dog Grooming (Award)"
        c.standardReferences = []
        let missingExtras = violation { try F.apply(.submit, F.proposal(c), Fixture.editorA) }
        #expect(missingExtras?.all.compactMap(\.field) == ["occupation", "job_roles", "why_no_standard_serves"])
        c.employerProposed = EmployerProposedDetails(occupation: "Dog groomer", jobRoles: ["Groomer"],
                                                     whyNoStandardServes: "No standard covers grooming")
        #expect(violation { try F.apply(.submit, F.proposal(c), Fixture.editorA) } == nil)

        c = F.content
        c.intendedTitle = "Heat pumps NVQ"
        let titles = violation { try F.apply(.submit, F.proposal(c), Fixture.editorA) }
        #expect(titles?.all.allSatisfy { $0.field == "intended_title" } == true)
        #expect(titles?.all.map(\.rule).contains(.titleLegacyTerm) == true)
    }

    @Test("Roles: the AO submits and answers; an admin assigns; the assigned reviewer, free of conflict, reviews")
    func roles() throws {
        let draft = F.proposal()
        for actor in [Fixture.editorB, Fixture.reviewer, Fixture.admin, Fixture.approver, Fixture.apiClient] {
            #expect(violation { try F.apply(.submit, draft, actor) } != nil, "\(actor.id)")
        }
        #expect(violation { try F.apply(.submit, draft, Fixture.editorB) }?.rule == .notOwnOrganisation)
        let submitted = try F.apply(.submit, draft, Fixture.editorA).record
        #expect(violation { try F.apply(.assignReviewer(Fixture.reviewer.id), submitted, Fixture.reviewer) }?.rule == .notPermitted)
        let conflict = Fixture.conflict(Fixture.reviewer, with: Fixture.aoA)
        #expect(violation { try F.apply(.assignReviewer(Fixture.reviewer.id), submitted, Fixture.admin,
                                        conflicts: [conflict]) }?.rule == .conflictOfInterest)
        let assigned = try F.apply(.assignReviewer(Fixture.reviewer.id), submitted, Fixture.admin).record
        #expect(violation { try F.apply(.startReview, assigned, Fixture.otherReviewer) }?.rule == .notAssignedReviewer)
        #expect(violation { try F.apply(.startReview, assigned, Fixture.reviewer, conflicts: [conflict]) }?.rule == .conflictOfInterest)
        let inReview = try F.apply(.startReview, assigned, Fixture.reviewer).record
        #expect(violation { try F.apply(F.feedback, inReview, Fixture.admin) }?.rule == .notPermitted)
        let empty = ProposalEvent.issueFeedback(categoryFitAndNeed: "ok", dutiesQualityAndRelevance: "", employerDemandApproach: "ok")
        #expect(violation { try F.apply(empty, inReview, Fixture.reviewer) }?.field == "duties_quality_and_relevance")
        let issued = try F.apply(F.feedback, inReview, Fixture.reviewer).record
        #expect(violation { try F.apply(.respond(followUpRequested: false, willProceed: false), issued, Fixture.editorB) }?.rule == .notOwnOrganisation)
    }

    @Test("Withdrawn only before feedback; nothing after closing")
    func withdrawal() throws {
        let draft = F.proposal()
        let submitted = try F.apply(.submit, draft, Fixture.editorA).record
        #expect(try F.apply(.withdraw(reason: "Changed plans"), submitted, Fixture.editorA).record.state == .withdrawn)
        let assigned = try F.apply(.assignReviewer(Fixture.reviewer.id), submitted, Fixture.admin).record
        let inReview = try F.apply(.startReview, assigned, Fixture.reviewer).record
        #expect(try F.apply(.withdraw(reason: "x"), inReview, Fixture.editorA).record.state == .withdrawn)
        let issued = try F.apply(F.feedback, inReview, Fixture.reviewer).record
        #expect(violation { try F.apply(.withdraw(reason: "x"), issued, Fixture.editorA) }?.rule == .invalidState)
        let closed = try F.apply(.respond(followUpRequested: false, willProceed: true), issued, Fixture.editorA).record
        for event in [ProposalEvent.submit, .withdraw(reason: "x"), .startReview, F.feedback] {
            #expect(violation { try F.apply(event, closed, Fixture.admin) }?.rule == .invalidState)
        }
        let message = violation { try F.apply(.withdraw(reason: "x"), closed, Fixture.editorA) }?.message
        #expect(message == "You cannot withdraw proposal PRO-L2C2-0007: it is closed. Nothing more can be done to it.")
    }
}
