import Foundation
import Testing
@testable import Approvals

@Suite("Registration of intent lifecycle")
struct RegistrationTests {
    let cycle = SeedCycles.level2Cycle2
    let during = Fixture.uk(2024, 2, 21, 12)

    var details: RegistrationDetails {
        RegistrationDetails(contact: Contact(name: "Ann Smith", email: "ann@alpha.example"),
                            qualifications: [IntendedQualification(title: "Level 2 Technical Occupational Entry for Bricklayers (Diploma)",
                                                                   category: .occupationalEntry, standardReferences: ["ST0095"])])
    }

    func draft() throws -> RegistrationOfIntent {
        try RegistrationLifecycle.create(id: RegistrationID("roi-1"), reference: RecordReference(kind: .registration, scope: "L2C2", sequence: 1)!,
                                         cycle: cycle, organisationID: Fixture.aoA.id, details: details, by: Fixture.editorA,
                                         at: Fixture.uk(2024, 2, 1, 9)).record
    }

    func apply(_ e: RegistrationEvent, _ r: RegistrationOfIntent, _ actor: Actor = Fixture.editorA, at: Date? = nil) throws -> Transition<RegistrationOfIntent> {
        try RegistrationLifecycle.apply(e, to: r, by: actor, at: at ?? during, context: RegistrationContext(cycle: cycle))
    }

    @Test("Register and amend only while the window is open, first and last millisecond")
    func window() throws {
        let r = try draft()
        let w = cycle.windows.registrationOfIntent!
        #expect(violation { try apply(.register, r, at: w.opens) } == nil)
        #expect(violation { try apply(.register, r, at: w.closes.addingTimeInterval(-0.001)) } == nil)
        #expect(violation { try apply(.register, r, at: w.opens.addingTimeInterval(-0.001)) }?.rule == .windowNotOpen)
        let late = violation { try apply(.register, r, at: w.closes) }
        #expect(late?.message.hasPrefix("The registration of intent window for Level 2 cycle 2 closed at 17:00 on 23 February 2024 (UK time).") == true)
        let registered = try apply(.register, r).record
        #expect(registered.state == .registered && registered.registeredAt == during)
        var more = details
        more.qualifications.append(IntendedQualification(title: "Level 2 Technical Specialist in Tiling (Certificate)",
                                                         category: .additionalSpecialist, proposalFirst: true))
        #expect(try apply(.amend(more), registered).record.details.qualifications.count == 2)
        #expect(violation { try apply(.amend(more), registered, at: w.closes) }?.rule == .windowClosed)
    }

    @Test("States: draft -> registered -> withdrawn, nothing after withdrawal")
    func states() throws {
        let r = try draft()
        #expect(violation { try apply(.amend(details), r) }?.rule == .invalidState)
        let withdrawn = try apply(.withdraw(reason: "Not this cycle"), try apply(.register, r).record)
        #expect(withdrawn.record.state == .withdrawn && withdrawn.audit.reason == "Not this cycle")
        for e in [RegistrationEvent.register, .amend(details), .withdraw(reason: "x"), .editDraft(details)] {
            #expect(violation { try apply(e, withdrawn.record) }?.rule == .invalidState)
        }
        #expect(RegistrationLifecycle.table.reachableStates == Set(RegistrationOfIntent.State.allCases))
    }

    @Test("Only the AO's own users; content is checked all at once")
    func rolesAndContent() throws {
        let r = try draft()
        #expect(violation { try apply(.register, r, Fixture.editorB) }?.rule == .notOwnOrganisation)
        #expect(violation { try apply(.register, r, Fixture.admin) }?.rule == .notPermitted)
        var bad = details
        bad.contact = Contact(name: "", email: "nobody")
        bad.qualifications = [IntendedQualification(title: "", category: .occupationalProgression)]
        let edited = try apply(.editDraft(bad), r).record
        let v = violation { try apply(.register, edited) }
        #expect(v?.all.map(\.rule) == [.requiredField, .requiredField, .requiredField, .categoryNotInCycle])
    }
}
