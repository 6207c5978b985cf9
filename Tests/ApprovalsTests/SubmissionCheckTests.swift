import Foundation
import Testing
@testable import Approvals

@Suite("Check before submit: every rule, all at once")
struct SubmissionCheckTests {
    let at = Fixture.duringWindow

    func failures(_ content: SubmissionContent, context: SubmissionContext = Fixture.context(),
                  at instant: Date? = nil) -> [RuleViolation] {
        SubmissionCheck.checkBeforeSubmit(content, of: Fixture.draftSubmission(content: content), context: context,
                                          at: instant ?? at)
    }

    func rules(_ content: SubmissionContent, context: SubmissionContext = Fixture.context()) -> [RuleViolation.Rule] {
        failures(content, context: context).map(\.rule)
    }

    @Test("A good submission passes every rule")
    func good() {
        #expect(failures(Fixture.goodContent).isEmpty)
    }

    @Test("Outside the AO's Ofqual scope, with the way forward")
    func ofqualScope() {
        var c = Fixture.goodContent
        c.sectorSubjectArea = SectorSubjectArea("15.3")!
        let f = failures(c)
        #expect(f.map(\.rule) == [.outsideOfqualScope])
        #expect(f.first?.message == "Sector subject area 15.3 is outside Alpha Awards's Ofqual scope of recognition (RN5001). Contact Ofqual to extend your scope before you submit.")
        // A tier 1 recognition covers its tier 2 areas; a tier 2 one does not cover its siblings.
        c.sectorSubjectArea = SectorSubjectArea("4.9")!
        #expect(rules(c).isEmpty)
        #expect(rules(c, context: Fixture.context(Fixture.aoB)).contains(.outsideOfqualScope))
        c.sectorSubjectArea = nil
        #expect(rules(c) == [.requiredField])
    }

    @Test("The standard must be in scope for the cycle at that instant")
    func standardInScope() {
        var c = Fixture.goodContent
        c.standardReferences = ["ST0001", "ST0999"]
        #expect(rules(c) == [.standardNotInScope])
        c.standardReferences = []
        c.ksbMapping = []
        #expect(rules(c) == [.standardRequired])
        var context = Fixture.context()
        context.cycle.standardsInScope[0].removedAt = at
        #expect(rules(Fixture.goodContent, context: context) == [.standardNotInScope])
    }

    @Test("The category, level, ages and route must be in the cycle")
    func cycleScope() {
        var c = Fixture.goodContent
        c.category = .crossCutting
        c.title = "Level 3 Technical Cross Cutting Function in Digital Accessibility (Award)"
        #expect(rules(c).contains(.categoryNotInCycle))
        c = Fixture.goodContent
        c.level = .two
        c.title = "Level 2 Technical Occupational Entry for Electric Vehicle Technicians (Diploma)"
        #expect(rules(c) == [.levelNotInCycle])
        c = Fixture.goodContent
        c.ageGroups = []
        #expect(rules(c) == [.ageGroupNotInCategory])
        var context = Fixture.context()
        context.cycle.routes = [.digital]
        #expect(rules(Fixture.goodContent, context: context) == [.routeNotInCycle])
    }

    @Test("Employer-proposed is level 2 and adults only")
    func employerProposedLimits() {
        var context = Fixture.context()
        context.cycle = SeedCycles.level2Cycle2
        var c = Fixture.goodContent
        c.category = .employerProposed
        c.level = .two
        c.title = "Level 2 Technical Occupational Entry in Dog Grooming (Award)"
        c.standardReferences = []
        c.ksbMapping = []
        c.route = .agricultureEnvironmentalAnimalCare
        let found = rules(c, context: context)
        #expect(found.contains(.ageGroupNotInCategory))
        #expect(found.contains(.proposalRequired))
        #expect(!found.contains(.standardRequired))
        c.level = .three
        #expect(rules(c, context: context).contains(.levelNotInCategory))
    }

    @Test("A proposal must exist where the category needs one")
    func proposalPrerequisite() throws {
        var c = Fixture.goodContent
        c.category = .additionalSpecialist
        c.title = "Level 3 Technical Specialist in Electric Vehicle Repair (Certificate)"
        let missing = failures(c)
        #expect(missing.map(\.rule) == [.proposalRequired])
        #expect(missing.first?.field == "proposal")

        // On a predefined area: no proposal needed.
        let area = SpecialistArea(id: SpecialistAreaID("area-ev"), name: "EV repair", route: .transportLogistics,
                                  standardReferences: ["ST0001"])
        c.specialistAreaID = area.id
        #expect(rules(c, context: Fixture.context(area: area)).isEmpty)
        // Naming an area that does not exist is not enough.
        #expect(rules(c, context: Fixture.context()) == [.proposalRequired])

        // Following a submitted proposal of the same AO: fine; a draft, withdrawn or another AO's: not.
        c.specialistAreaID = nil
        c.proposalID = ProposalID("pro-1")
        for (state, org, ok) in [(Proposal.State.submitted, Fixture.aoA.id, true), (.feedbackIssued, Fixture.aoA.id, true),
                                 (.closed, Fixture.aoA.id, true), (.draft, Fixture.aoA.id, false),
                                 (.withdrawn, Fixture.aoA.id, false), (.submitted, Fixture.aoB.id, false)] {
            var p = ProposalFixture.proposal()
            p = Proposal(id: p.id, reference: p.reference, organisationID: org, cycleID: p.cycleID, state: state,
                         content: p.content, version: 3, createdAt: p.createdAt, updatedAt: p.updatedAt)
            #expect(rules(c, context: Fixture.context(proposal: p)).isEmpty == ok, "\(state) \(org)")
        }
    }

    @Test("Cross-cutting needs a proposal from cycle 3 (a setting)")
    func crossCuttingFromCycle3() {
        var c = Fixture.goodContent
        c.category = .crossCutting
        c.title = "Level 3 Technical Cross Cutting Function in Digital Accessibility (Award)"
        var context = Fixture.context()
        context.cycle.categories.insert(.crossCutting)
        context.cycle.number = 2
        #expect(rules(c, context: context).isEmpty)
        context.cycle.number = 3
        #expect(rules(c, context: context) == [.proposalRequired])
        context.policy.crossCuttingProposalsFromCycle = 4
        #expect(rules(c, context: context).isEmpty)
    }

    @Test("Every required document must be there; the message lists what is missing")
    func documents() {
        var c = Fixture.goodContent
        c.documents = c.documents.filter { $0.kind != .mappingTemplate && $0.kind != .letterOfSupport }
        let f = failures(c)
        #expect(f.map(\.rule) == [.documentsMissing])
        #expect(f.first?.message.contains("mapping template, letter of support") == true)
        c.documents = []
        #expect(rules(c) == [.documentsMissing])
        var context = Fixture.context()
        context.policy.requiredDocuments = [.specification]
        c.documents = [Fixture.document(.specification)]
        #expect(rules(c, context: context).isEmpty)
    }

    @Test("Size and employer demand evidence")
    func sizeAndEvidence() {
        var c = Fixture.goodContent
        c.guidedLearningHours = 0
        #expect(rules(c) == [.sizeInvalid])
        c.guidedLearningHours = 500
        c.totalQualificationTime = 400
        #expect(failures(c).map(\.field) == ["total_qualification_time"])
        c = Fixture.goodContent
        c.employerDemandEvidence = "  "
        #expect(failures(c).map(\.field) == ["employer_demand_evidence"])
    }

    @Test("The KSB mapping must exist where the category aligns and name real KSBs")
    func ksbMapping() {
        var c = Fixture.goodContent
        c.ksbMapping = []
        #expect(rules(c) == [.ksbMappingMissing])
        c.ksbMapping = [KSBMapping(standardReference: "ST0001", ksbCode: "K9", coveredIn: "U1", assessedIn: "E1")]
        #expect(rules(c) == [.ksbUnknown])
        c.ksbMapping = [KSBMapping(standardReference: "ST0002", ksbCode: "K1", coveredIn: "U1", assessedIn: "E1")]
        #expect(rules(c) == [.ksbUnknown])
    }

    @Test("Every failure comes back at once, and submit throws the first with the rest related")
    func allAtOnce() {
        var c = Fixture.goodContent
        c.title = "Diploma in Things"
        c.sectorSubjectArea = SectorSubjectArea("15.3")!
        c.documents = []
        let all = failures(c, at: Fixture.windowCloses)
        #expect(all.map(\.rule) == [.windowClosed, .outsideOfqualScope, .titleMissingLevel,
                                    .titleMissingCategoryWording, .titleMissingSize, .documentsMissing])
        let thrown = violation {
            try SubmissionLifecycle.apply(.submit, to: Fixture.draftSubmission(content: c), by: Fixture.editorA,
                                          at: Fixture.windowCloses, context: Fixture.context())
        }
        #expect(thrown?.all.map(\.rule) == all.map(\.rule))
    }
}
