import Foundation
import Testing
@testable import Approvals

/// The one rule for when a late-submission exception may be asked for, checked at its boundary
/// instants (GMT and across both clock changes), and checked to give the same answer as the
/// lifecycle's request transition, which is what the AO's pages rely on.
@Suite("Late-submission exception lodging")
struct ExceptionLodgingTests {
    let ms = Fixture.oneMillisecond

    /// Fixture's cycle with its submission window moved to close at `closes` (UK time).
    func cycle(closingAt closes: Date) -> Cycle {
        var cycle = Fixture.cycle
        cycle.windows.submission = TimeWindow(opens: closes.addingTimeInterval(-7 * 86_400), closes: closes)!
        return cycle
    }

    func refusal(_ subject: ExceptionSubject = ExceptionSubject(Fixture.draftSubmission()), cycle: Cycle = Fixture.cycle,
                 earlier: [LateSubmissionException] = [], at instant: Date) -> RuleViolation? {
        ExceptionLodging.refusal(for: subject, cycle: cycle, earlier: earlier, at: instant)
    }

    func lodged(_ submission: Submission, cycle: Cycle = Fixture.cycle, earlier: [LateSubmissionException] = [],
                at instant: Date) throws(RuleViolation) -> LateSubmissionException {
        try ExceptionLifecycle.request(
            id: ExceptionID("exc-\(earlier.count)"), reference: RecordReference(kind: .exception, scope: "L3S25", sequence: earlier.count + 1)!,
            cycle: cycle, subject: ExceptionSubject(submission), earlier: earlier,
            ExceptionRequest(window: .submission, recordType: .submission, recordID: submission.id.rawValue,
                             reasonKind: .technicalFailureInstitute, eventAt: min(instant, cycle.windows.submission!.closes),
                             whatHappened: "The upload page timed out", evidence: [Fixture.document(.other)]),
            by: Fixture.editorA, at: instant).record
    }

    @Test("Offered from the instant the window closes to the last millisecond of the following 24 hours (GMT)")
    func boundariesInGMT() {
        let closes = Fixture.windowCloses
        #expect(refusal(at: Fixture.windowOpens.addingTimeInterval(-ms))?.rule == .exceptionNotNeeded)
        let open = refusal(at: closes.addingTimeInterval(-ms))
        #expect(open?.rule == .exceptionNotNeeded)
        #expect(open?.message == "The submission window for Level 3 spring 2025 is open until 17:00 on 21 March 2025 (UK time): send SUB-L3S25-0042 now. If something stops you, you can ask for a late-submission exception once it has closed, until 17:00 on 22 March 2025 (UK time).")
        #expect(refusal(at: closes) == nil)
        #expect(refusal(at: closes.addingTimeInterval(24 * 3600 - ms)) == nil)
        let late = refusal(at: closes.addingTimeInterval(24 * 3600))
        #expect(late?.rule == .exceptionTooLate)
        #expect(late?.message.contains("had to be asked for by 17:00 on 22 March 2025 (UK time)") == true)
    }

    @Test("Across the spring change the 24 hours are elapsed time: a 17:00 GMT close allows until 18:00 BST")
    func acrossSpringChange() {
        let closes = Fixture.uk(2025, 3, 29, 17)               // GMT, the day before the clocks go forward
        let cycle = cycle(closingAt: closes)
        let ends = Fixture.uk(2025, 3, 30, 18)                 // BST
        #expect(ends.timeIntervalSince(closes) == 24 * 3600)
        #expect(ExceptionLodging.lodgingEnds(of: cycle.windows.submission!) == ends)
        #expect(refusal(cycle: cycle, at: closes.addingTimeInterval(-ms))?.rule == .exceptionNotNeeded)
        #expect(refusal(cycle: cycle, at: closes) == nil)
        #expect(refusal(cycle: cycle, at: Fixture.uk(2025, 3, 30, 17, 59, 59)) == nil)
        #expect(refusal(cycle: cycle, at: ends.addingTimeInterval(-ms)) == nil)
        let late = refusal(cycle: cycle, at: ends)
        #expect(late?.rule == .exceptionTooLate)
        #expect(late?.message.contains("by 18:00 on 30 March 2025 (UK time)") == true)
    }

    @Test("Across the autumn change: a 17:00 BST close allows until 16:00 GMT the next day")
    func acrossAutumnChange() {
        let closes = Fixture.uk(2025, 10, 25, 17)              // BST, the day before the clocks go back
        let cycle = cycle(closingAt: closes)
        let ends = Fixture.uk(2025, 10, 26, 16)                // GMT
        #expect(ExceptionLodging.lodgingEnds(of: cycle.windows.submission!) == ends)
        #expect(refusal(cycle: cycle, at: closes) == nil)
        #expect(refusal(cycle: cycle, at: ends.addingTimeInterval(-ms)) == nil)
        #expect(refusal(cycle: cycle, at: ends)?.rule == .exceptionTooLate)
        #expect(refusal(cycle: cycle, at: Fixture.uk(2025, 10, 26, 16, 30)) != nil)
    }

    @Test("A waiting or granted request blocks another; a refused one does not; another record's never does")
    func earlierRequests() throws {
        let mine = Fixture.draftSubmission()
        let at = Fixture.windowCloses.addingTimeInterval(3600)
        let waiting = try lodged(mine, at: at)
        let blocked = refusal(earlier: [waiting], at: at)
        #expect(blocked?.rule == .exceptionAlreadyAsked)
        #expect(blocked?.message == "Your late-submission exception request EXC-L3S25-0001 for SUB-L3S25-0042 is waiting for a decision. Follow it there rather than asking again.")
        let granted = try ExceptionLifecycle.apply(.grant(newDeadline: Fixture.uk(2025, 3, 24, 12), reason: "Outage confirmed"),
                                                   to: waiting, by: Fixture.admin, at: at, cycle: Fixture.cycle).record
        #expect(refusal(earlier: [granted], at: at)?.message.contains("has been granted") == true)
        let refused = try ExceptionLifecycle.apply(.refuse(reason: "No evidence"), to: waiting, by: Fixture.admin, at: at,
                                                   cycle: Fixture.cycle).record
        #expect(refusal(earlier: [refused], at: at) == nil)
        let sibling = Fixture.draftSubmission(id: "sub-2", sequence: 43)
        #expect(refusal(ExceptionSubject(sibling), earlier: [waiting], at: at) == nil)
    }

    @Test("Only for a record that could still be sent: not a withdrawn submission, not a proposal already sent")
    func recordsThatCanStillBeSent() throws {
        let at = Fixture.windowCloses.addingTimeInterval(60)
        var withdrawn = Fixture.draftSubmission()
        withdrawn.state = .withdrawn
        #expect(refusal(ExceptionSubject(withdrawn), at: at)?.rule == .exceptionNotNeeded)
        var submitted = Fixture.draftSubmission()
        submitted.state = .inReview
        #expect(refusal(ExceptionSubject(submitted), at: at) == nil)      // amending it needs one

        var proposal = ProposalFixture.proposal()
        let proposalCloses = ProposalFixture.cycle.windows.proposal!.closes
        #expect(ExceptionLodging.refusal(for: ExceptionSubject(proposal), cycle: ProposalFixture.cycle, earlier: [],
                                         at: proposalCloses) == nil)
        proposal.state = .submitted
        #expect(ExceptionLodging.refusal(for: ExceptionSubject(proposal), cycle: ProposalFixture.cycle, earlier: [],
                                         at: proposalCloses)?.rule == .exceptionNotNeeded)
        // A record of another cycle is never judged against this one's window.
        #expect(ExceptionLodging.refusal(for: ExceptionSubject(proposal), cycle: Fixture.cycle, earlier: [],
                                         at: Fixture.windowCloses)?.rule == .wrongRecord)
    }

    @Test("The lifecycle refuses a request exactly when the pages would not offer one", arguments: [
        Fixture.windowCloses, Fixture.uk(2025, 3, 29, 17), Fixture.uk(2025, 10, 25, 17),
    ])
    func lifecycleAgreesWithPages(closes: Date) throws {
        let cycle = cycle(closingAt: closes)
        let mine = Fixture.draftSubmission()
        let waiting = try lodged(mine, cycle: cycle, at: closes)
        var withdrawn = mine
        withdrawn.state = .withdrawn
        let offsets: [TimeInterval] = [-86_400, -ms, 0, ms, 3600, 23 * 3600, 24 * 3600 - ms, 24 * 3600, 25 * 3600]
        for offset in offsets {
            let instant = closes.addingTimeInterval(offset)
            for (record, earlier) in [(mine, []), (mine, [waiting]), (withdrawn, [])] as [(Submission, [LateSubmissionException])] {
                let offered = ExceptionLodging.canAsk(for: ExceptionSubject(record), cycle: cycle, earlier: earlier, at: instant)
                let accepted = (try? lodged(record, cycle: cycle, earlier: earlier, at: instant)) != nil
                #expect(offered == accepted, "offset \(offset) s, state \(record.state), earlier \(earlier.count)")
            }
        }
    }
}
