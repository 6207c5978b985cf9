import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// The date a clarification answer is due, which the reviewer sets, shown to the awarding
/// organisation on its own line in UK time, and marked overdue in words once it has passed.
@Suite(.serialized) struct ClarificationDeadlineTests {
    static func uk(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0, _ s: Int = 0) -> Date {
        try! UKTime.instant(year: y, month: m, day: d, hour: h, minute: min, second: s)
    }

    @Test("Times read as GOV.UK writes them, with GMT or BST stated")
    func wording() {
        #expect(ClarificationDeadline.describe(Self.uk(2026, 3, 3, 17)) == "5pm on 3 March 2026 (GMT)")
        #expect(ClarificationDeadline.describe(Self.uk(2026, 7, 1, 9, 30)) == "9:30am on 1 July 2026 (BST)")
        #expect(ClarificationDeadline.describe(Self.uk(2026, 7, 1, 12)) == "midday on 1 July 2026 (BST)")
        #expect(ClarificationDeadline.describe(Self.uk(2026, 3, 4, 0)) == "midnight at the start of 4 March 2026 (GMT)")
        #expect(ClarificationDeadline.describe(Self.uk(2026, 3, 3, 16, 59, 59)) == "4:59:59pm on 3 March 2026 (GMT)")
        // Either side of the spring change: the same UTC hour reads differently.
        #expect(ClarificationDeadline.describe(Self.uk(2026, 3, 28, 17)) == "5pm on 28 March 2026 (GMT)")
        #expect(ClarificationDeadline.describe(Self.uk(2026, 3, 29, 17)) == "5pm on 29 March 2026 (BST)")
        let due = Self.uk(2026, 3, 3, 17)
        #expect(ClarificationDeadline(due: due, now: due.addingTimeInterval(-0.001)).overdueNote == nil)
        #expect(ClarificationDeadline(due: due, now: due).isOverdue)
    }

    @Test func theDueDateIsShownOnItsOwnLineAndMarkedOverdueOnceItPasses() throws {
        let service = try OrganisationService()
        let journey = SubmissionJourney(service: service, client: try service.signedIn())
        let (reference, sent, reviewer, now) = try journey.sentAndInReview()
        var submission = sent
        // Due at 5pm UK time ten days from now, as the Institute's form would store it.
        let day = UKTime.wallClock(at: now.addingTimeInterval(10 * 86_400)).date
        let due = Self.uk(day.year, day.month, day.day, 17)
        submission = try service.records.requestClarification(on: submission.id, question: "Which unit assesses S1?", dueAt: due,
                                                              expectedVersion: submission.version, by: reviewer, at: now)
        let expected = "Respond by 5pm on \(day.longDescription) (\(UKTime.wallClock(at: due).zone.rawValue))"
        let path = "/organisation/submissions/\(reference)/clarification"
        let page = try journey.client.get(path)
        #expect(page.body.contains("<p class=\"deadline\" id=\"respond-by\">\(expected)</p>"))
        #expect(!page.body.contains("Overdue"))
        #expect(try journey.client.get("/organisation/submissions/\(reference)").body.contains(expected))

        service.moveClock(to: due)
        let client = try service.signedIn()   // ten days on, the earlier session has expired
        let late = try client.get(path)
        #expect(late.body.contains(expected) && late.body.contains("<strong class=\"tag tag--red\">Overdue</strong> The reviewer asked for your answer by"))
        #expect(try client.get("/organisation/submissions/\(reference)").body.contains("Overdue"))
        // Answered, the request (and its due date) leaves the page's open work.
        try client.get(path)
        let answered = try client.upload(path, fields: [("answer", "Unit 2."), ("document_kind", "other")], files: [])
        #expect(answered.status == 303)
        #expect(!(try client.follow(answered).body.contains("Respond by")))
    }
}
