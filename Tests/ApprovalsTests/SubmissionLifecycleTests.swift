import Foundation
import Testing
@testable import Approvals

@Suite("Submission lifecycle: allowed and refused, by state and by role")
struct SubmissionLifecycleTests {
    let at = Fixture.duringWindow
    let after = Fixture.uk(2025, 4, 2, 10)

    /// A submission brought to a given state by the normal path.
    func submission(in state: Submission.State) -> Submission {
        let d = Fixture.draftSubmission()
        let w = Fixture.duringWindow
        let later = Fixture.uk(2025, 4, 1, 10)
        let submitted: [(SubmissionEvent, Actor, Date)] = [(.submit, Fixture.editorA, w)]
        let inReview = submitted + [(.assignReviewer(Fixture.reviewer.id), Fixture.admin, w),
                                    (.startReview, Fixture.reviewer, later)]
        switch state {
        case .draft: return d
        case .submitted: return Fixture.drive(d, submitted)
        case .inReview: return Fixture.drive(d, inReview)
        case .clarificationRequested:
            return Fixture.drive(d, inReview + [(.requestClarification(question: "Which unit covers K1?"), Fixture.reviewer, later)])
        case .recommended:
            let r = Fixture.drive(d, inReview)
            return Fixture.drive(r, [(.recommend(Fixture.completedReview(of: r)), Fixture.reviewer, later)])
        case .approved:
            return Fixture.drive(submission(in: .recommended), [(.decide(.approved, reasons: "Meets the criteria"), Fixture.approver, later)])
        case .notApproved:
            return Fixture.drive(submission(in: .recommended), [(.decide(.notApproved, reasons: "No demand"), Fixture.approver, later)])
        case .withdrawn:
            return Fixture.drive(d, [(.withdraw(reason: "Not ready"), Fixture.editorA, w)])
        }
    }

    /// One event of each kind, with the actor entitled to it.
    func sampleEvents(for s: Submission) -> [(SubmissionEvent, Actor)] {
        [(.editDraft(Fixture.goodContent), Fixture.editorA), (.submit, Fixture.editorA),
         (.amend(Fixture.goodContent), Fixture.editorA), (.withdraw(reason: "r"), Fixture.editorA),
         (.assignReviewer(Fixture.reviewer.id), Fixture.admin), (.startReview, Fixture.reviewer),
         (.requestClarification(question: "q"), Fixture.reviewer),
         (.answerClarification(answer: "a", amendedContent: nil), Fixture.editorA),
         (.recommend(Fixture.completedReview(of: s)), Fixture.reviewer),
         (.decide(.approved, reasons: "ok"), Fixture.approver), (.decide(.notApproved, reasons: "no"), Fixture.approver)]
    }

    @Test("Every (state, event) pair: accepted exactly when the table has the move", arguments: Submission.State.allCases)
    func tableIsEnforced(state: Submission.State) {
        var s = submission(in: state)
        if state == .submitted {
            // Assigned but not yet started, so that the reviewer's start is a legitimate try.
            s = Fixture.drive(s, [(.assignReviewer(Fixture.reviewer.id), Fixture.admin, at)])
        }
        #expect(s.state == state)
        for (event, actor) in sampleEvents(for: s) {
            // Amending needs an open window; everything else is tried after it, as in real life.
            let instant = event.kind == .amend || event.kind == .submit || event.kind == .editDraft ? at : after
            let allowed = SubmissionLifecycle.table.target(from: state, on: event.kind) != nil
            do {
                let t = try SubmissionLifecycle.apply(event, to: s, by: actor, at: instant, context: Fixture.context())
                #expect(allowed, "\(state) accepted \(event.kind)")
                #expect(SubmissionLifecycle.table.allows(from: state, event: event.kind, to: t.record.state))
                #expect(t.audit.stateBefore == state.rawValue && t.audit.stateAfter == t.record.state.rawValue)
                #expect(t.audit.action == event.kind.rawValue)
                #expect(t.record.version == s.version + 1)
            } catch {
                if allowed { Issue.record("\(state) refused \(event.kind): \(error.message)") }
                else { #expect(error.code == "invalid_state") }
            }
        }
    }

    @Test("Every allowed move, tried by every kind of user: only the entitled ones succeed", arguments: Submission.State.allCases)
    func rolesForEveryMove(state: Submission.State) {
        var s = submission(in: state)
        if state == .submitted { s = Fixture.drive(s, [(.assignReviewer(Fixture.reviewer.id), Fixture.admin, at)]) }
        let entitled: [SubmissionEvent.Kind: Set<UserID>] = [
            .editDraft: [Fixture.editorA.id, Fixture.adminA.id], .submit: [Fixture.editorA.id, Fixture.adminA.id],
            .amend: [Fixture.editorA.id, Fixture.adminA.id], .withdraw: [Fixture.editorA.id, Fixture.adminA.id],
            .answerClarification: [Fixture.editorA.id, Fixture.adminA.id], .assignReviewer: [Fixture.admin.id],
            .startReview: [Fixture.reviewer.id], .requestClarification: [Fixture.reviewer.id],
            .recommend: [Fixture.reviewer.id], .approve: [Fixture.approver.id], .notApprove: [Fixture.approver.id],
        ]
        for (event, _) in sampleEvents(for: s) where SubmissionLifecycle.table.target(from: state, on: event.kind) != nil {
            let instant = [.amend, .submit, .editDraft].contains(event.kind) ? at : after
            for actor in Fixture.everyone {
                let refused = violation { try SubmissionLifecycle.apply(event, to: s, by: actor, at: instant, context: Fixture.context()) }
                let allowed = entitled[event.kind]?.contains(actor.id) ?? false
                #expect((refused == nil) == allowed, "\(state) \(event.kind) by \(actor.id): \(refused?.message ?? "accepted")")
                if let refused, !allowed {
                    #expect([.notPermitted, .notOwnOrganisation, .notAssignedReviewer].contains(refused.rule))
                }
            }
        }
    }

    @Test("Final states allow nothing and the message says so")
    func finalStates() {
        for state in Submission.State.allCases where state.isFinal {
            #expect(SubmissionLifecycle.table.events(from: state).isEmpty)
        }
        let v = violation { try SubmissionLifecycle.apply(.withdraw(reason: "x"), to: submission(in: .approved),
                                                          by: Fixture.editorA, at: after, context: Fixture.context()) }
        #expect(v?.message == "You cannot withdraw submission SUB-L3S25-0042: it is approved. Nothing more can be done to it.")
    }

    @Test("Only the owning AO's users prepare, submit, amend, withdraw and answer")
    func aoOnly() {
        let draft = submission(in: .draft)
        for actor in [Fixture.reviewer, Fixture.approver, Fixture.admin, Fixture.apiClient] {
            #expect(violation { try SubmissionLifecycle.apply(.submit, to: draft, by: actor, at: at, context: Fixture.context()) }?.rule == .notPermitted)
        }
        let other = violation { try SubmissionLifecycle.apply(.submit, to: draft, by: Fixture.editorB, at: at, context: Fixture.context()) }
        #expect(other?.rule == .notOwnOrganisation)
        #expect(violation { try SubmissionLifecycle.apply(.submit, to: draft, by: Fixture.adminA, at: at, context: Fixture.context()) } == nil)
        let asking = submission(in: .clarificationRequested)
        #expect(violation { try SubmissionLifecycle.apply(.answerClarification(answer: "a", amendedContent: nil), to: asking,
                                                          by: Fixture.editorB, at: after, context: Fixture.context()) }?.rule == .notOwnOrganisation)
        #expect(violation { try SubmissionLifecycle.apply(.withdraw(reason: "x"), to: asking, by: Fixture.reviewer,
                                                          at: after, context: Fixture.context()) }?.rule == .notPermitted)
        #expect(violation { try SubmissionLifecycle.create(id: SubmissionID("x"), reference: RecordReference(kind: .submission, scope: "L3S25", sequence: 1)!,
            cycle: Fixture.cycle, organisationID: Fixture.aoA.id, content: Fixture.goodContent, by: Fixture.editorB, at: at) }?.rule == .notOwnOrganisation)
    }

    @Test("Admins assign, never to a reviewer with a conflict; only the assigned reviewer reviews")
    func assignmentAndConflict() {
        let submitted = submission(in: .submitted)
        let conflict = Fixture.conflict(Fixture.reviewer, with: Fixture.aoA)
        #expect(violation { try SubmissionLifecycle.apply(.assignReviewer(Fixture.reviewer.id), to: submitted,
            by: Fixture.approver, at: after, context: Fixture.context()) }?.rule == .notPermitted)
        #expect(violation { try SubmissionLifecycle.apply(.assignReviewer(Fixture.reviewer.id), to: submitted,
            by: Fixture.admin, at: after, context: Fixture.context(conflicts: [conflict])) }?.rule == .conflictOfInterest)
        // An ended declaration, or one against another AO, does not bar.
        for harmless in [Fixture.conflict(Fixture.reviewer, with: Fixture.aoA, state: .ended), Fixture.conflict(Fixture.reviewer, with: Fixture.aoB)] {
            #expect(violation { try SubmissionLifecycle.apply(.assignReviewer(Fixture.reviewer.id), to: submitted,
                by: Fixture.admin, at: after, context: Fixture.context(conflicts: [harmless])) } == nil)
        }
        let assigned = Fixture.drive(submitted, [(.assignReviewer(Fixture.reviewer.id), Fixture.admin, after)])
        #expect(violation { try SubmissionLifecycle.apply(.startReview, to: assigned, by: Fixture.otherReviewer, at: after,
                                                          context: Fixture.context()) }?.rule == .notAssignedReviewer)
        #expect(violation { try SubmissionLifecycle.apply(.startReview, to: submitted, by: Fixture.reviewer, at: after,
                                                          context: Fixture.context()) }?.rule == .notAssignedReviewer)
        // A conflict declared after assignment still stops the review.
        #expect(violation { try SubmissionLifecycle.apply(.startReview, to: assigned, by: Fixture.reviewer, at: after,
            context: Fixture.context(conflicts: [conflict])) }?.rule == .conflictOfInterest)
    }

    @Test("Amendments make new immutable versions, only while the window is open and before a decision")
    func amendments() throws {
        let submitted = submission(in: .submitted)
        var changed = Fixture.goodContent
        changed.guidedLearningHours = 400
        let t = try SubmissionLifecycle.apply(.amend(changed), to: submitted, by: Fixture.editorA, at: at, context: Fixture.context())
        #expect(t.record.versions.count == 2)
        #expect(t.record.versions[0] == submitted.versions[0])
        #expect(t.record.versions[1].content.guidedLearningHours == 400 && t.record.versions[1].number == 2)
        #expect(t.audit.details["submission_version"] == "2")
        let late = violation { try SubmissionLifecycle.apply(.amend(changed), to: submitted, by: Fixture.editorA,
                                                             at: Fixture.windowCloses, context: Fixture.context()) }
        #expect(late?.rule == .windowClosed)
        // During review, while the window is open: allowed, unless the policy says otherwise.
        let inReview = Fixture.drive(submitted, [(.assignReviewer(Fixture.reviewer.id), Fixture.admin, at), (.startReview, Fixture.reviewer, at)])
        #expect(violation { try SubmissionLifecycle.apply(.amend(changed), to: inReview, by: Fixture.editorA, at: at, context: Fixture.context()) } == nil)
        var strict = Fixture.context()
        strict.policy.amendDuringReview = false
        #expect(violation { try SubmissionLifecycle.apply(.amend(changed), to: inReview, by: Fixture.editorA, at: at, context: strict) }?.rule == .invalidState)
        // An amendment must pass the same rules as a submit.
        var bad = changed
        bad.documents = []
        #expect(violation { try SubmissionLifecycle.apply(.amend(bad), to: submitted, by: Fixture.editorA, at: at, context: Fixture.context()) }?.rule == .documentsMissing)
        for state in [Submission.State.recommended, .approved, .notApproved, .withdrawn] {
            #expect(violation { try SubmissionLifecycle.apply(.amend(changed), to: submission(in: state), by: Fixture.editorA,
                                                              at: at, context: Fixture.context()) }?.rule == .invalidState)
        }
    }

    @Test("Clarification rounds: asked by the reviewer, answered by the AO after the window, optionally with a new version")
    func clarification() throws {
        let asking = submission(in: .clarificationRequested)
        #expect(asking.openClarification?.question == "Which unit covers K1?")
        #expect(violation { try SubmissionLifecycle.apply(.answerClarification(answer: " ", amendedContent: nil), to: asking,
            by: Fixture.editorA, at: after, context: Fixture.context()) }?.field == "answer")
        var changed = Fixture.goodContent
        changed.ksbMapping.append(KSBMapping(standardReference: "ST0001", ksbCode: "S1", coveredIn: "Unit 2", assessedIn: "Practical"))
        let answered = try SubmissionLifecycle.apply(.answerClarification(answer: "Unit 2 now maps S1", amendedContent: changed),
                                                     to: asking, by: Fixture.editorA, at: after, context: Fixture.context())
        #expect(answered.record.state == .inReview)
        #expect(answered.record.versions.count == 2)
        #expect(answered.record.clarificationRounds.last?.answerVersionNumber == 2)
        #expect(answered.record.openClarification == nil)
        var broken = changed
        broken.title = "Untitled"
        let refused = violation { try SubmissionLifecycle.apply(.answerClarification(answer: "a", amendedContent: broken),
                                                                to: asking, by: Fixture.editorA, at: after, context: Fixture.context()) }
        #expect(refused?.field == "title")
        #expect(violation { try SubmissionLifecycle.apply(.requestClarification(question: ""), to: submission(in: .inReview),
            by: Fixture.reviewer, at: after, context: Fixture.context()) }?.field == "question")
    }

    @Test("A recommendation needs the reviewer's own completed review of this submission")
    func recommendation() {
        let inReview = submission(in: .inReview)
        var incomplete = Fixture.completedReview(of: inReview)
        incomplete.state = .inProgress
        #expect(violation { try SubmissionLifecycle.apply(.recommend(incomplete), to: inReview, by: Fixture.reviewer,
                                                          at: after, context: Fixture.context()) }?.rule == .reviewNotComplete)
        let other = Fixture.completedReview(of: Fixture.draftSubmission(id: "sub-9", sequence: 9))
        #expect(violation { try SubmissionLifecycle.apply(.recommend(other), to: inReview, by: Fixture.reviewer,
                                                          at: after, context: Fixture.context()) }?.rule == .wrongRecord)
        #expect(violation { try SubmissionLifecycle.apply(.recommend(Fixture.completedReview(of: inReview)), to: inReview,
            by: Fixture.otherReviewer, at: after, context: Fixture.context()) }?.rule == .notAssignedReviewer)
        let rec = submission(in: .recommended)
        #expect(rec.recommendation?.outcome == .approved && rec.recommendation?.reviewID == ReviewID("rev-1"))
        #expect(rec.recommendation?.reviewedVersionNumber == 1 && rec.recommendation?.latestVersionNumber == 1)
        // A version that arrived during the review shows in the recommendation.
        var changed = Fixture.goodContent
        changed.guidedLearningHours = 380
        let amended = Fixture.drive(inReview, [(.amend(changed), Fixture.editorA, Fixture.duringWindow)])
        let t = try! SubmissionLifecycle.apply(.recommend(Fixture.completedReview(of: amended)), to: amended,
                                               by: Fixture.reviewer, at: after, context: Fixture.context())
        #expect(t.record.recommendation?.reviewedVersionNumber == 1 && t.record.recommendation?.latestVersionNumber == 2)
        #expect(t.audit.details["latest_version"] == "2")
        // Records stored before these fields existed still decode.
        let old = #"{"outcome":"approved","rationale":"ok","reviewID":"rev-1","recommendedBy":"u-rev","recommendedAt":0}"#
        let decoded = try? JSONDecoder().decode(Recommendation.self, from: Data(old.utf8))
        #expect(decoded != nil && decoded?.latestVersionNumber == nil)
    }

    @Test("The approver decides, with reasons; no approval while an Ofqual note on the AO is open")
    func decision() throws {
        let rec = submission(in: .recommended)
        for actor in [Fixture.reviewer, Fixture.admin, Fixture.editorA, Fixture.apiClient] {
            #expect(violation { try SubmissionLifecycle.apply(.decide(.approved, reasons: "ok"), to: rec, by: actor, at: after,
                                                              context: Fixture.context()) }?.rule == .notPermitted)
        }
        #expect(violation { try SubmissionLifecycle.apply(.decide(.approved, reasons: ""), to: rec, by: Fixture.approver,
                                                          at: after, context: Fixture.context()) }?.field == "reasons")
        let note = Fixture.openNote(on: Fixture.aoA)
        let blocked = violation { try SubmissionLifecycle.apply(.decide(.approved, reasons: "ok"), to: rec, by: Fixture.approver,
                                                                at: after, context: Fixture.context(notes: [note])) }
        #expect(blocked?.rule == .regulatoryNoteOpen)
        #expect(blocked?.message.contains("ORN-2025-0001") == true)
        // Not approving is still possible; an addressed note, or a note on another AO, does not block.
        #expect(violation { try SubmissionLifecycle.apply(.decide(.notApproved, reasons: "Ofqual concerns"), to: rec,
            by: Fixture.approver, at: after, context: Fixture.context(notes: [note])) } == nil)
        var addressed = note
        addressed.state = .addressed
        #expect(violation { try SubmissionLifecycle.apply(.decide(.approved, reasons: "ok"), to: rec, by: Fixture.approver,
                                                          at: after, context: Fixture.context(notes: [addressed, Fixture.openNote(on: Fixture.aoB)])) } == nil)
        let approved = try SubmissionLifecycle.apply(.decide(.approved, reasons: "Meets every criterion"), to: rec,
                                                     by: Fixture.approver, at: after, context: Fixture.context())
        #expect(approved.record.decision == Decision(outcome: .approved, reasons: "Meets every criterion",
                                                     decidedBy: Fixture.approver.id, decidedAt: after))
        #expect(approved.audit.action == "approve" && approved.audit.reason == "Meets every criterion")
    }

    @Test("Withdrawal at any point before a decision")
    func withdrawal() {
        for state in Submission.State.allCases {
            let allowed = !state.isFinal
            let v = violation { try SubmissionLifecycle.apply(.withdraw(reason: "No longer offered"), to: submission(in: state),
                                                              by: Fixture.editorA, at: after, context: Fixture.context()) }
            #expect((v == nil) == allowed, "\(state)")
        }
    }

    @Test("The audit event records who, when to the millisecond, and the record")
    func auditEvent() throws {
        let instant = Fixture.iso("2025-03-14T12:00:00.123Z").addingTimeInterval(0.0004)
        let t = try SubmissionLifecycle.apply(.submit, to: Fixture.draftSubmission(), by: Fixture.editorA, at: instant,
                                              context: Fixture.context())
        #expect(t.audit.at.millisecondsSince1970 == Fixture.iso("2025-03-14T12:00:00.123Z").millisecondsSince1970)
        #expect(t.audit.actorID == Fixture.editorA.id && t.audit.actorOrganisationID == Fixture.aoA.id)
        #expect(t.audit.recordType == .submission && t.audit.recordID == "sub-1")
        #expect(t.audit.recordReference?.description == "SUB-L3S25-0042")
        #expect(t.audit.details["record_version"] == "2")
        #expect(t.record.versions.first?.submittedBy == Fixture.editorA.id)
    }
}
