import Foundation
import Testing
@testable import Approvals

@Suite("Read access: no AO sees another's data; staff and regulators never see drafts")
struct ReadAccessTests {
    @Test("A draft submission is visible to its own AO only")
    func drafts() {
        let draft = Fixture.draftSubmission()
        #expect(ReadAccess.canRead(Fixture.editorA, draft) && ReadAccess.canRead(Fixture.adminA, draft))
        for actor in [Fixture.editorB, Fixture.reviewer, Fixture.approver, Fixture.admin, Fixture.apiClient] {
            #expect(!ReadAccess.canRead(actor, draft), "\(actor.id)")
        }
        // Withdrawn before it was ever submitted: still a draft to everyone else.
        let withdrawn = Fixture.drive(draft, [(.withdraw(reason: "x"), Fixture.editorA, Fixture.duringWindow)])
        #expect(!ReadAccess.canRead(Fixture.apiClient, withdrawn))
    }

    @Test("A submitted record is visible to staff and API clients, never to another AO")
    func submitted() {
        let s = Fixture.drive(Fixture.draftSubmission(), [(.submit, Fixture.editorA, Fixture.duringWindow)])
        for actor in [Fixture.editorA, Fixture.reviewer, Fixture.approver, Fixture.admin, Fixture.apiClient] {
            #expect(ReadAccess.canRead(actor, s), "\(actor.id)")
        }
        #expect(!ReadAccess.canRead(Fixture.editorB, s))
        // A user with no role at all reads nothing, not even shared data.
        let nobody = Actor(id: UserID("u-none"), roles: [])
        #expect(!ReadAccess.canRead(nobody, s) && !ReadAccess.canRead(nobody, owner: nil, submitted: true))
        #expect(ReadAccess.canRead(Fixture.editorB, owner: nil, submitted: false))
    }

    @Test("Proposals, registrations, reviews and staff records follow the same rule")
    func otherRecords() {
        let p = ProposalFixture.proposal()
        #expect(!ReadAccess.canRead(Fixture.reviewer, p) && ReadAccess.canRead(Fixture.editorA, p))
        let sent = try! ProposalFixture.apply(.submit, p, Fixture.editorA).record
        #expect(ReadAccess.canRead(Fixture.reviewer, sent) && !ReadAccess.canRead(Fixture.editorB, sent))
        let review = Fixture.completedReview(of: Fixture.draftSubmission())
        #expect(ReadAccess.canRead(Fixture.apiClient, review) && !ReadAccess.canRead(Fixture.editorA, review))
        #expect(ReadAccess.canReadStaffRecord(Fixture.admin) && !ReadAccess.canReadStaffRecord(Fixture.adminA))
    }
}

@Suite("Transition tables")
struct TransitionTableTests {
    func check<S: Hashable & Sendable & CaseIterable, E: Hashable & Sendable>(
        _ table: TransitionTable<S, E>, finals: Set<S>
    ) {
        #expect(table.reachableStates == Set(S.allCases), "every state is reachable")
        for state in finals { #expect(table.events(from: state).isEmpty, "\(state) is final") }
        // Deterministic: one target per (state, event).
        let keys = table.edges.map { "\(String(describing: $0.from))|\($0.event)" }
        #expect(Set(keys).count == keys.count, "no (state, event) pair has two targets")
    }

    @Test("Every table reaches all its states, is deterministic and has final states")
    func tables() {
        check(SubmissionLifecycle.table, finals: [.approved, .notApproved, .withdrawn])
        check(ProposalLifecycle.table, finals: [.closed, .withdrawn])
        check(RegistrationLifecycle.table, finals: [.withdrawn])
        check(ReviewLifecycle.table, finals: [.completed])
        check(ExceptionLifecycle.table, finals: [.granted, .refused])
        check(RegulatoryNoteLifecycle.table, finals: [.addressed])
        check(ChangeLifecycle.table, finals: [.recorded, .changeSubmissionLinked])
        check(ConflictLifecycle.table, finals: [.ended])
    }

    @Test("Event kinds name the audit actions and are all in their tables")
    func kinds() {
        #expect(Set(SubmissionLifecycle.table.edges.map(\.event)) == Set(SubmissionEvent.Kind.allCases))
        #expect(Set(ProposalLifecycle.table.edges.map(\.event)) == Set(ProposalEvent.Kind.allCases))
        #expect(Set(RegistrationLifecycle.table.edges.map(\.event)) == Set(RegistrationEvent.Kind.allCases))
        #expect(SubmissionEvent.decide(.notApproved, reasons: "x").kind.rawValue == "not_approve")
    }

    @Test("Instants print as ISO 8601 in UTC to the millisecond")
    func iso() {
        #expect(Fixture.windowCloses.iso8601 == "2025-03-21T17:00:00.000Z")
        #expect(Fixture.iso("2024-10-04T16:00:00.007Z").iso8601 == "2024-10-04T16:00:00.007Z")
        #expect(Date(millisecondsSince1970: -1).iso8601 == "1969-12-31T23:59:59.999Z")
    }
}

@Suite("Milliseconds round-trip")
struct MillisecondRoundTripTests {
    @Test("Every millisecond in a sample of 2025 and around 1970 survives Date and back")
    func roundTrip() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<200_000 {
            let ms = Int64.random(in: 1_735_689_600_000...1_767_225_599_999, using: &rng)
            if Date(millisecondsSince1970: ms).millisecondsSince1970 != ms { Issue.record("\(ms) did not round-trip"); return }
        }
        for ms in Int64(-5000)...5000 where Date(millisecondsSince1970: ms).millisecondsSince1970 != ms {
            Issue.record("\(ms) did not round-trip")
            return
        }
    }
}
