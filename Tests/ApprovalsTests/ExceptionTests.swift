import Foundation
import Testing
@testable import Approvals

@Suite("Late-submission exceptions")
struct ExceptionTests {
    let ms = Fixture.oneMillisecond

    func request(for submission: Submission, by actor: Actor = Fixture.editorA, at instant: Date,
                 eventAt: Date? = nil, evidence: [DocumentReference] = [Fixture.document(.other)],
                 cycle: Cycle = Fixture.cycle, earlier: [LateSubmissionException] = []) throws(RuleViolation) -> Transition<LateSubmissionException> {
        try ExceptionLifecycle.request(
            id: ExceptionID("exc-\(submission.id)"), reference: RecordReference(kind: .exception, scope: "L3S25", sequence: 1)!,
            cycle: cycle, subject: ExceptionSubject(submission), earlier: earlier,
            ExceptionRequest(window: .submission, recordType: .submission, recordID: submission.id.rawValue,
                             reasonKind: .technicalFailureAwardingOrganisation,
                             eventAt: eventAt ?? Fixture.uk(2025, 3, 21, 16, 40),
                             whatHappened: "Our upload server failed at 16:40", evidence: evidence),
            by: actor, at: instant)
    }

    func granted(_ submission: Submission, until deadline: Date) throws -> LateSubmissionException {
        let requested = try request(for: submission, at: Fixture.uk(2025, 3, 21, 17, 30)).record
        return try ExceptionLifecycle.apply(.grant(newDeadline: deadline, reason: "Evidence of outage accepted"),
                                            to: requested, by: Fixture.admin, at: Fixture.uk(2025, 3, 22, 10),
                                            cycle: Fixture.cycle).record
    }

    @Test("A granted exception extends one AO's deadline for that record, and nobody else's")
    func extendsOneRecordOnly() throws {
        let deadline = Fixture.uk(2025, 3, 24, 12)
        let mine = Fixture.draftSubmission()
        let exception = try granted(mine, until: deadline)
        let lateButCovered = Fixture.uk(2025, 3, 24, 11, 59, 59)

        // The record it covers: accepted, and the version remembers the exception.
        let accepted = try SubmissionLifecycle.apply(.submit, to: mine, by: Fixture.editorA, at: lateButCovered,
                                                     context: Fixture.context(exceptions: [exception]))
        #expect(accepted.record.latestVersion?.lateExceptionID == exception.id)
        #expect(accepted.audit.details["late_exception_id"] == exception.id.rawValue)
        // Its last millisecond is in, its deadline is out.
        #expect(violation { try SubmissionLifecycle.apply(.submit, to: mine, by: Fixture.editorA,
            at: deadline.addingTimeInterval(-ms), context: Fixture.context(exceptions: [exception])) } == nil)
        let past = violation { try SubmissionLifecycle.apply(.submit, to: mine, by: Fixture.editorA, at: deadline,
                                                             context: Fixture.context(exceptions: [exception])) }
        #expect(past?.rule == .windowClosed)
        #expect(past?.message.contains("allowed you until 12:00 on 24 March 2025 (UK time)") == true)

        // Another record of the same AO: still closed.
        let sibling = Fixture.draftSubmission(id: "sub-2", sequence: 43)
        #expect(violation { try SubmissionLifecycle.apply(.submit, to: sibling, by: Fixture.editorA, at: lateButCovered,
                                                          context: Fixture.context(exceptions: [exception])) }?.rule == .windowClosed)
        // Another AO, even handed the same exception: still closed.
        var otherContent = Fixture.goodContent
        otherContent.sectorSubjectArea = SectorSubjectArea("4.1")!
        let theirs = Fixture.draftSubmission(Fixture.aoB, id: "sub-1", sequence: 44, content: otherContent)
        #expect(violation { try SubmissionLifecycle.apply(.submit, to: theirs, by: Fixture.editorB, at: lateButCovered,
            context: Fixture.context(Fixture.aoB, exceptions: [exception])) }?.rule == .windowClosed)
        // Before the deadline without the exception: closed.
        #expect(violation { try SubmissionLifecycle.apply(.submit, to: mine, by: Fixture.editorA, at: lateButCovered,
                                                          context: Fixture.context()) }?.rule == .windowClosed)
    }

    @Test("Requested and refused exceptions open nothing")
    func requestedOrRefusedOpenNothing() throws {
        let mine = Fixture.draftSubmission()
        let requested = try request(for: mine, at: Fixture.uk(2025, 3, 21, 17, 30)).record
        let refused = try ExceptionLifecycle.apply(.refuse(reason: "No evidence of failure"), to: requested,
                                                   by: Fixture.admin, at: Fixture.uk(2025, 3, 22, 9), cycle: Fixture.cycle).record
        var messages: [String] = []
        for exception in [requested, refused] {
            let v = violation { try SubmissionLifecycle.apply(.submit, to: mine, by: Fixture.editorA,
                at: Fixture.uk(2025, 3, 22, 10), context: Fixture.context(exceptions: [exception])) }
            #expect(v?.rule == .windowClosed)
            messages.append(v?.message ?? "")
        }
        #expect(messages[0].hasSuffix("Your late-submission exception request EXC-L3S25-0001 is waiting for a decision; you can send it once it is granted."))
        #expect(messages[1].hasSuffix("your late-submission exception request EXC-L3S25-0001 was refused: No evidence of failure."))
    }

    @Test("An exception can be lodged until 24 hours after the window closes, not a millisecond later")
    func lodgingPeriod() {
        let mine = Fixture.draftSubmission()
        let lastMoment = Fixture.windowCloses.addingTimeInterval(24 * 3600 - ms)
        #expect(violation { try request(for: mine, at: lastMoment) } == nil)
        let tooLate = violation { try request(for: mine, at: Fixture.windowCloses.addingTimeInterval(24 * 3600)) }
        #expect(tooLate?.rule == .exceptionTooLate)
        #expect(tooLate?.message.contains("by 17:00 on 22 March 2025 (UK time)") == true)
        // A policy with a shorter period is honoured.
        let strict = ApprovalPolicy(exceptionLodgingPeriod: 3600)
        #expect(violation {
            try ExceptionLifecycle.request(id: ExceptionID("e"), reference: RecordReference(kind: .exception, scope: "L3S25", sequence: 2)!,
                cycle: Fixture.cycle, subject: ExceptionSubject(Fixture.draftSubmission()), earlier: [],
                ExceptionRequest(window: .submission, recordType: .submission, recordID: "sub-1",
                                 reasonKind: .exceptionalCircumstances, eventAt: Fixture.windowCloses,
                                 whatHappened: "Flood", evidence: [Fixture.document(.other)]),
                by: Fixture.editorA, at: Fixture.windowCloses.addingTimeInterval(3600), policy: strict)
        }?.rule == .exceptionTooLate)
    }

    @Test("Lodging rules: the event cannot be in the future, evidence is needed, the window must have closed")
    func lodgingRules() {
        let mine = Fixture.draftSubmission()
        let at = Fixture.uk(2025, 3, 21, 17, 30)
        #expect(violation { try request(for: mine, at: at, eventAt: at.addingTimeInterval(60)) }?.rule == .exceptionEventInFuture)
        #expect(violation { try request(for: mine, at: at, evidence: []) }?.field == "evidence")
        #expect(violation { try request(for: mine, at: Fixture.windowOpens.addingTimeInterval(-ms),
                                        eventAt: Fixture.uk(2025, 3, 1, 9)) }?.rule == .exceptionNotNeeded)
        // During the window the way forward is to send the record: the request is refused, as the
        // pages do not offer it, with a message that says so.
        let early = violation { try request(for: mine, at: Fixture.uk(2025, 3, 21, 16, 50), eventAt: Fixture.uk(2025, 3, 21, 16, 40)) }
        #expect(early?.rule == .exceptionNotNeeded)
        #expect(early?.message.contains("send SUB-L3S25-0042 now") == true)
    }

    @Test("Only the AO requests; only an admin grants or refuses; decided exceptions are final")
    func roles() throws {
        let mine = Fixture.draftSubmission()
        let at = Fixture.uk(2025, 3, 21, 17, 30)
        for actor in [Fixture.reviewer, Fixture.approver, Fixture.admin, Fixture.apiClient] {
            #expect(violation { try request(for: mine, by: actor, at: at) }?.rule == .notPermitted)
        }
        // Another AO cannot ask for an exception for this AO's record.
        #expect(violation { try request(for: mine, by: Fixture.editorB, at: at) }?.rule == .notOwnOrganisation)
        let requested = try request(for: mine, at: at)
        #expect(requested.audit.action == "request" && requested.audit.stateAfter == "requested" && requested.audit.stateBefore == nil)
        let grant = ExceptionEvent.grant(newDeadline: Fixture.uk(2025, 3, 24, 12), reason: "Outage confirmed")
        for actor in [Fixture.editorA, Fixture.reviewer, Fixture.approver, Fixture.apiClient] {
            #expect(violation { try ExceptionLifecycle.apply(grant, to: requested.record, by: actor, at: at, cycle: Fixture.cycle) }?.rule == .notPermitted)
        }
        let done = try ExceptionLifecycle.apply(grant, to: requested.record, by: Fixture.admin, at: at, cycle: Fixture.cycle)
        #expect(done.record.state == .granted && done.record.version == 2)
        #expect(done.audit.stateBefore == "requested" && done.audit.stateAfter == "granted")
        #expect(violation { try ExceptionLifecycle.apply(.refuse(reason: "x"), to: done.record, by: Fixture.admin, at: at,
                                                         cycle: Fixture.cycle) }?.rule == .invalidState)
        #expect(violation { try ExceptionLifecycle.apply(grant, to: done.record, by: Fixture.admin, at: at,
                                                         cycle: Fixture.cycle) }?.rule == .invalidState)
    }

    @Test("A new deadline must be after the window closed and after now")
    func deadlineMustBeLater() throws {
        let requested = try request(for: Fixture.draftSubmission(), at: Fixture.uk(2025, 3, 21, 17, 30)).record
        for deadline in [Fixture.windowCloses, Fixture.uk(2025, 3, 21, 18)] {
            #expect(violation { try ExceptionLifecycle.apply(.grant(newDeadline: deadline, reason: "ok"), to: requested,
                by: Fixture.admin, at: Fixture.uk(2025, 3, 22, 9), cycle: Fixture.cycle) }?.rule == .exceptionDeadlineInvalid)
        }
        #expect(violation { try ExceptionLifecycle.apply(.refuse(reason: "  "), to: requested, by: Fixture.admin,
            at: Fixture.uk(2025, 3, 22, 9), cycle: Fixture.cycle) }?.rule == .requiredField)
    }

    @Test("A request's failures come back all at once")
    func allAtOnce() {
        let subject = ExceptionSubject(Fixture.draftSubmission())
        let request = ExceptionRequest(window: .submission, recordType: .submission, recordID: "elsewhere",
                                       reasonKind: .exceptionalCircumstances, eventAt: Fixture.uk(2025, 3, 25, 9),
                                       whatHappened: " ", evidence: [])
        let failures = ExceptionLifecycle.checkBeforeRequest(request, for: subject, cycle: Fixture.cycle, earlier: [],
                                                             at: Fixture.uk(2025, 3, 23, 9))
        #expect(failures.map(\.rule) == [.wrongRecord, .exceptionTooLate, .exceptionEventInFuture, .requiredField, .requiredField])
        #expect(failures.compactMap(\.field) == ["record", "event_at", "what_happened", "evidence"])
        var noWindow = Fixture.cycle
        noWindow.windows.submission = nil
        #expect(ExceptionLifecycle.checkBeforeRequest(request, for: subject, cycle: noWindow, earlier: [],
                                                      at: Fixture.uk(2025, 3, 26, 9)).dropFirst().first?.rule == .noWindow)
    }
}
