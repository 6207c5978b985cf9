import Foundation
import Testing
@testable import Approvals

/// The proposal and registration lifecycles under random (event, actor, instant) sequences: no
/// accepted event leaves the table, and each is audited with the right before and after states.
@Suite("Proposal and registration lifecycles: property-based")
struct ProposalPropertyTests {
    @Test("Random proposal sequences stay in the table", arguments: [7, 11, 2024] as [UInt64])
    func proposals(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let window = ProposalFixture.cycle.windows.proposal!
        var seen = Set<String>()
        for sequence in 0..<60 {
            var p = ProposalFixture.proposal()
            var now = window.opens.addingTimeInterval(-3600)
            var lastAfter: String? = "draft"
            for _ in 0..<60 where !(p.state == .closed || p.state == .withdrawn) {
                now = now.addingTimeInterval(rng.pick([0, 0.001, 600, 3600, 6 * 3600, 86_400] as [Double]))
                let choices: [(ProposalEvent, Actor)] = [
                    (.editDraft(ProposalFixture.content), Fixture.editorA), (.submit, Fixture.editorA),
                    (.withdraw(reason: "r"), Fixture.editorA), (.assignReviewer(Fixture.reviewer.id), Fixture.admin),
                    (.startReview, Fixture.reviewer), (ProposalFixture.feedback, Fixture.reviewer),
                    (.respond(followUpRequested: rng.chance(0.5), willProceed: rng.chance(0.5)), Fixture.editorA),
                ]
                let offered = choices.filter { ProposalLifecycle.table.target(from: p.state, on: $0.0.kind) != nil }
                var (event, actor) = rng.chance(0.75) && !offered.isEmpty ? rng.pick(offered) : rng.pick(choices)
                if event.kind == .withdraw && rng.chance(0.7) { (event, actor) = rng.pick(choices) }
                if rng.chance(0.2) { actor = rng.pick(Fixture.everyone) }
                let conflicts = rng.chance(0.1) ? [Fixture.conflict(Fixture.reviewer, with: Fixture.aoA)] : []
                do {
                    let t = try ProposalLifecycle.apply(event, to: p, by: actor, at: now,
                        context: ProposalContext(cycle: ProposalFixture.cycle, conflicts: conflicts))
                    let ok = ProposalLifecycle.table.allows(from: p.state, event: event.kind, to: t.record.state)
                        && t.audit.stateBefore == p.state.rawValue && t.audit.stateAfter == t.record.state.rawValue
                        && t.audit.stateBefore == lastAfter && t.record.version == p.version + 1
                    if !ok {
                        Issue.record("seed \(seed), sequence \(sequence): bad move \(p.state) -\(event.kind)-> \(t.record.state)")
                        return
                    }
                    if event.kind == .submit && !window.contains(now) {
                        Issue.record("seed \(seed), sequence \(sequence): submitted outside the window at \(now.iso8601)")
                        return
                    }
                    seen.insert("\(p.state.rawValue)-\(event.kind.rawValue)")
                    lastAfter = t.audit.stateAfter
                    p = t.record
                } catch {
                    #expect(!error.message.isEmpty, "a refusal explains itself")
                }
            }
        }
        let all = Set(ProposalLifecycle.table.edges.filter { $0.from != nil }.map { "\($0.from!.rawValue)-\($0.event.rawValue)" })
        #expect(all.subtracting(seen).isEmpty, "seed \(seed) never exercised \(all.subtracting(seen).sorted())")
    }

    @Test("Random registration sequences stay in the table and inside the window", arguments: [5, 13] as [UInt64])
    func registrations(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let cycle = SeedCycles.level2Cycle2
        let window = cycle.windows.registrationOfIntent!
        let details = RegistrationDetails(contact: Contact(name: "Ann", email: "ann@alpha.example"),
            qualifications: [IntendedQualification(title: "Level 2 Technical Occupational Entry for Bricklayers (Diploma)",
                                                   category: .occupationalEntry)])
        for sequence in 0..<60 {
            var r = try RegistrationLifecycle.create(id: RegistrationID("roi"), reference: RecordReference(kind: .registration, scope: "L2C2", sequence: 1)!,
                cycle: cycle, organisationID: Fixture.aoA.id, details: details, by: Fixture.editorA, at: window.opens).record
            var now = window.opens.addingTimeInterval(-6 * 3600)
            for _ in 0..<40 where r.state != .withdrawn {
                now = now.addingTimeInterval(rng.pick([0.001, 3600, 12 * 3600, 86_400] as [Double]))
                var event = rng.pick([RegistrationEvent.editDraft(details), .register, .amend(details), .withdraw(reason: "r")])
                if event.kind == .withdraw && rng.chance(0.7) { event = .register }
                let actor = rng.chance(0.8) ? Fixture.editorA : rng.pick(Fixture.everyone)
                guard let t = try? RegistrationLifecycle.apply(event, to: r, by: actor, at: now, context: RegistrationContext(cycle: cycle)) else { continue }
                let inWindow = window.contains(now)
                let ok = RegistrationLifecycle.table.allows(from: r.state, event: event.kind, to: t.record.state)
                    && t.audit.stateBefore == r.state.rawValue && t.audit.stateAfter == t.record.state.rawValue
                    && actor.actsFor(Fixture.aoA.id)
                    && (inWindow || ![.register, .amend].contains(event.kind))
                if !ok {
                    Issue.record("seed \(seed), sequence \(sequence): bad move \(r.state) -\(event.kind)-> \(t.record.state) at \(now.iso8601)")
                    return
                }
                r = t.record
            }
        }
    }
}
