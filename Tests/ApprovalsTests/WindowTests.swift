import Foundation
import Testing
@testable import Approvals

@Suite("Windows: half-open, in UK time, across clock changes")
struct WindowTests {
    let ms = Fixture.oneMillisecond

    func submitAt(_ instant: Date, exceptions: [LateSubmissionException] = []) -> RuleViolation? {
        violation {
            try SubmissionLifecycle.apply(.submit, to: Fixture.draftSubmission(), by: Fixture.editorA, at: instant,
                                          context: Fixture.context(exceptions: exceptions))
        }
    }

    @Test("The first millisecond of the submission window is open, the one before is not")
    func firstMillisecond() {
        #expect(submitAt(Fixture.windowOpens) == nil)
        let early = submitAt(Fixture.windowOpens.addingTimeInterval(-ms))
        #expect(early?.rule == .windowNotOpen)
        #expect(early?.message == "The submission window for Level 3 spring 2025 opens at 09:00 on 10 March 2025 (UK time). You can send it from then.")
    }

    @Test("The last millisecond is open; 17:00:00.000 on the closing day is late")
    func lastMillisecond() {
        #expect(submitAt(Fixture.windowCloses.addingTimeInterval(-ms)) == nil)
        let late = submitAt(Fixture.windowCloses)
        #expect(late?.rule == .windowClosed)
        #expect(late?.message == "The submission window for Level 3 spring 2025 closed at 17:00 on 21 March 2025 (UK time). You can ask for a late-submission exception until 17:00 on 22 March 2025 (UK time).")
    }

    @Test("After the lodging period the message says no exception can be asked for")
    func afterLodging() {
        let late = submitAt(Fixture.windowCloses.addingTimeInterval(24 * 3600))
        #expect(late?.rule == .windowClosed)
        #expect(late?.message.contains("The time to ask for a late-submission exception ended at 17:00 on 22 March 2025 (UK time)") == true)
        #expect(submitAt(Fixture.windowCloses.addingTimeInterval(24 * 3600 - ms))?.message.contains("You can ask") == true)
    }

    @Test("A window that spans the change from GMT to BST: entered and shown in UK time")
    func springForward() throws {
        // 09:00 GMT on Monday 24 March 2025 to 17:00 BST on Friday 4 April 2025.
        let opens = Fixture.uk(2025, 3, 24, 9)
        let closes = Fixture.uk(2025, 4, 4, 17)
        #expect(opens == Fixture.iso("2025-03-24T09:00:00Z"))
        #expect(closes == Fixture.iso("2025-04-04T16:00:00Z"))
        let window = try #require(TimeWindow(opens: opens, closes: closes))
        #expect(window.contains(Fixture.iso("2025-04-04T15:59:59.999Z")))
        #expect(!window.contains(Fixture.iso("2025-04-04T16:00:00Z")))
        #expect(window.contains(opens) && !window.contains(opens.addingTimeInterval(-ms)))
        #expect(UKTime.describe(opens, style: .abbreviation) == "09:00 GMT on 24 March 2025")
        #expect(UKTime.describe(closes, style: .abbreviation) == "17:00 BST on 4 April 2025")
        // The hour that does not exist lies inside the window and is simply skipped.
        #expect(window.contains(UKTime.summerTimeStarts(in: 2025)))

        var cycle = Fixture.cycle
        cycle.windows.submission = window
        let context = SubmissionContext(cycle: cycle, organisation: Fixture.aoA, standards: [Fixture.standard])
        let draft = Fixture.draftSubmission()
        #expect(violation { try SubmissionLifecycle.apply(.submit, to: draft, by: Fixture.editorA,
                                                          at: closes.addingTimeInterval(-ms), context: context) } == nil)
        let late = violation { try SubmissionLifecycle.apply(.submit, to: draft, by: Fixture.editorA, at: closes,
                                                             context: context) }
        #expect(late?.message.hasPrefix("The submission window for Level 3 spring 2025 closed at 17:00 on 4 April 2025 (UK time).") == true)
        #expect(late?.message.hasSuffix("until 17:00 on 5 April 2025 (UK time).") == true)
    }

    @Test("A window that spans the change from BST to GMT: entered and shown in UK time")
    func fallBack() throws {
        // 09:00 BST on Monday 20 October 2025 to 17:00 GMT on Friday 31 October 2025.
        let opens = Fixture.uk(2025, 10, 20, 9)
        let closes = Fixture.uk(2025, 10, 31, 17)
        #expect(opens == Fixture.iso("2025-10-20T08:00:00Z"))
        #expect(closes == Fixture.iso("2025-10-31T17:00:00Z"))
        let window = try #require(TimeWindow(opens: opens, closes: closes))
        #expect(window.contains(opens))
        #expect(!window.contains(Fixture.iso("2025-10-20T07:59:59.999Z")))
        #expect(window.contains(Fixture.iso("2025-10-31T16:59:59.999Z")))
        #expect(!window.contains(closes))
        #expect(UKTime.describe(opens, style: .abbreviation) == "09:00 BST on 20 October 2025")
        #expect(UKTime.describe(closes, style: .abbreviation) == "17:00 GMT on 31 October 2025")
        // The repeated hour (01:00-02:00 UK time, twice) lies inside and both occurrences count.
        #expect(window.contains(Fixture.iso("2025-10-26T00:30:00Z")) && window.contains(Fixture.iso("2025-10-26T01:30:00Z")))
        // The window lasts 11 days and 9 hours: one hour longer than its wall-clock span.
        #expect(closes.timeIntervalSince(opens) == (11 * 24 + 9) * 3600)
    }

    @Test("The seed cycles' windows are where the seeds put them")
    func seedWindows() throws {
        let l2 = SeedCycles.level2Cycle2
        let roi = try #require(l2.windows.registrationOfIntent)
        #expect(roi.opens == Fixture.iso("2024-02-19T09:00:00Z"))
        let submission = try #require(l2.windows.submission)
        #expect(submission.opens == Fixture.iso("2024-09-23T08:00:00Z"))
        #expect(submission.closes == Fixture.iso("2024-10-04T16:00:00Z"))
        #expect(UKTime.describe(submission.closes) == "17:00 on 4 October 2024 (UK time)")
        let l3 = try #require(SeedCycles.level3Spring2025.windows.submission)
        #expect(l3.opens == Fixture.iso("2025-03-10T09:00:00Z"))
        #expect(l3.closes == Fixture.iso("2025-03-21T17:00:00Z"))
        #expect(SeedCycles.level3Spring2025.firstTeaching?.description == "August 2026")
    }

    @Test("An empty or inverted window cannot be made")
    func invalidWindow() {
        #expect(TimeWindow(opens: Fixture.windowOpens, closes: Fixture.windowOpens) == nil)
        #expect(TimeWindow(opens: Fixture.windowCloses, closes: Fixture.windowOpens) == nil)
    }

    @Test("A cycle without a submission window refuses with no_window")
    func noWindow() {
        var cycle = Fixture.cycle
        cycle.windows.submission = nil
        let v = violation {
            try SubmissionLifecycle.apply(.submit, to: Fixture.draftSubmission(), by: Fixture.editorA,
                                          at: Fixture.duringWindow,
                                          context: SubmissionContext(cycle: cycle, organisation: Fixture.aoA))
        }
        #expect(v?.rule == .noWindow)
    }

    @Test("Standards in scope are judged at the instant, half-open like windows")
    func standardScopeInstants() {
        var cycle = Fixture.cycle
        let removal = Fixture.uk(2025, 3, 15, 12)
        cycle.standardsInScope[0].removedAt = removal
        #expect(cycle.isInScope(standard: "ST0001", at: removal.addingTimeInterval(-ms)))
        #expect(!cycle.isInScope(standard: "ST0001", at: removal))
        #expect(!cycle.isInScope(standard: "ST0001", at: Fixture.uk(2025, 1, 6, 9).addingTimeInterval(-ms)))
        #expect(cycle.isInScope(standard: "ST0002", at: removal))
    }
}
