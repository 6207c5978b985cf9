import Foundation
import Testing
@testable import Approvals

@Suite("Review lifecycle")
struct ReviewTests {
    let at = Fixture.uk(2025, 4, 2, 10)

    var inReview: Submission {
        Fixture.drive(Fixture.draftSubmission(), [
            (.submit, Fixture.editorA, Fixture.duringWindow),
            (.assignReviewer(Fixture.reviewer.id), Fixture.admin, Fixture.duringWindow),
            (.startReview, Fixture.reviewer, at),
        ])
    }

    func started(conflicts: [ConflictOfInterest] = []) throws -> Review {
        try ReviewLifecycle.start(id: ReviewID("rev-1"), reference: RecordReference(kind: .review, scope: "L3S25", sequence: 1)!,
                                  submission: inReview, conflicts: conflicts, by: Fixture.reviewer, at: at).record
    }

    func assess(_ review: Review, _ outcome: CriterionOutcome = .met, except: [ReviewCriterion: CriterionOutcome] = [:]) throws -> Review {
        var r = review
        for criterion in ReviewCriterion.criteria(for: review.category) {
            let o = except[criterion] ?? outcome
            r = try ReviewLifecycle.apply(.assess(criterion, o, comment: o == .met ? "" : "See notes"), to: r,
                                          by: Fixture.reviewer, at: at, submission: inReview, conflicts: []).record
        }
        return r
    }

    @Test("Start, assess every criterion, complete; then the submission is recommended")
    func happyPath() throws {
        let review = try started()
        #expect(review.state == .inProgress && review.versionNumber == 1 && review.unassessedCriteria.count == 7)
        let assessed = try assess(review)
        #expect(assessed.unassessedCriteria.isEmpty && assessed.version == 8)
        let done = try ReviewLifecycle.apply(.complete(recommendation: .approved, summary: "All met"), to: assessed,
                                             by: Fixture.reviewer, at: at, submission: inReview, conflicts: [])
        #expect(done.record.state == .completed && done.audit.stateBefore == "in_progress" && done.audit.stateAfter == "completed")
        let recommended = try SubmissionLifecycle.apply(.recommend(done.record), to: inReview, by: Fixture.reviewer, at: at,
                                                        context: Fixture.context())
        #expect(recommended.record.state == .recommended && recommended.record.recommendation?.rationale == "All met")
    }

    @Test("Only the assigned reviewer without a conflict starts a review, and only of a submission in review")
    func startRules() throws {
        let conflict = Fixture.conflict(Fixture.reviewer, with: Fixture.aoA)
        #expect(violation { try started(conflicts: [conflict]) }?.rule == .conflictOfInterest)
        #expect(violation { try ReviewLifecycle.start(id: ReviewID("r"), reference: RecordReference(kind: .review, scope: "L3S25", sequence: 2)!,
            submission: inReview, conflicts: [], by: Fixture.otherReviewer, at: at) }?.rule == .notAssignedReviewer)
        #expect(violation { try ReviewLifecycle.start(id: ReviewID("r"), reference: RecordReference(kind: .review, scope: "L3S25", sequence: 2)!,
            submission: inReview, conflicts: [], by: Fixture.admin, at: at) }?.rule == .notPermitted)
        let justSubmitted = Fixture.drive(Fixture.draftSubmission(), [(.submit, Fixture.editorA, Fixture.duringWindow),
            (.assignReviewer(Fixture.reviewer.id), Fixture.admin, Fixture.duringWindow)])
        #expect(violation { try ReviewLifecycle.start(id: ReviewID("r"), reference: RecordReference(kind: .review, scope: "L3S25", sequence: 2)!,
            submission: justSubmitted, conflicts: [], by: Fixture.reviewer, at: at) }?.rule == .invalidState)
    }

    @Test("Assessments: a comment is needed unless met; another reviewer or a conflict is refused")
    func assessRules() throws {
        let review = try started()
        #expect(violation { try ReviewLifecycle.apply(.assess(.titling, .notMet, comment: ""), to: review, by: Fixture.reviewer,
            at: at, submission: inReview, conflicts: []) }?.field == "titling")
        #expect(violation { try ReviewLifecycle.apply(.assess(.titling, .met, comment: ""), to: review, by: Fixture.otherReviewer,
            at: at, submission: inReview, conflicts: []) }?.rule == .notAssignedReviewer)
        #expect(violation { try ReviewLifecycle.apply(.assess(.titling, .met, comment: ""), to: review, by: Fixture.reviewer,
            at: at, submission: inReview, conflicts: [Fixture.conflict(Fixture.reviewer, with: Fixture.aoA)]) }?.rule == .conflictOfInterest)
        #expect(violation { try ReviewLifecycle.apply(.assess(.titling, .met, comment: ""), to: review, by: Fixture.reviewer,
            at: at, submission: Fixture.draftSubmission(id: "other"), conflicts: []) }?.rule == .wrongRecord)
    }

    @Test("Completing needs every criterion, none awaiting clarification, and approval only when all are met")
    func completeRules() throws {
        let review = try started()
        let complete = ReviewEvent.complete(recommendation: .approved, summary: "Good")
        let missing = violation { try ReviewLifecycle.apply(complete, to: review, by: Fixture.reviewer, at: at,
                                                            submission: inReview, conflicts: []) }
        #expect(missing?.rule == .criteriaIncomplete)
        #expect(missing?.message.contains("Purpose of the category") == true)
        let unclear = try assess(review, except: [.size: .needsClarification])
        #expect(violation { try ReviewLifecycle.apply(complete, to: unclear, by: Fixture.reviewer, at: at,
                                                      submission: inReview, conflicts: []) }?.rule == .clarificationOutstanding)
        let unmet = try assess(review, except: [.employerDemand: .notMet])
        #expect(violation { try ReviewLifecycle.apply(complete, to: unmet, by: Fixture.reviewer, at: at,
                                                      submission: inReview, conflicts: []) }?.rule == .recommendationInconsistent)
        #expect(violation { try ReviewLifecycle.apply(.complete(recommendation: .notApproved, summary: "No demand"), to: unmet,
                                                      by: Fixture.reviewer, at: at, submission: inReview, conflicts: []) } == nil)
        // A later assessment of the same criterion replaces the earlier one.
        let revised = try ReviewLifecycle.apply(.assess(.employerDemand, .met, comment: "Letters arrived"), to: unmet,
                                                by: Fixture.reviewer, at: at, submission: inReview, conflicts: []).record
        #expect(violation { try ReviewLifecycle.apply(complete, to: revised, by: Fixture.reviewer, at: at,
                                                      submission: inReview, conflicts: []) } == nil)
    }

    @Test("A completed review is final; a review of a decided submission cannot change")
    func finality() throws {
        let done = try ReviewLifecycle.apply(.complete(recommendation: .approved, summary: "ok"), to: try assess(try started()),
                                             by: Fixture.reviewer, at: at, submission: inReview, conflicts: []).record
        #expect(violation { try ReviewLifecycle.apply(.assess(.size, .met, comment: ""), to: done, by: Fixture.reviewer, at: at,
                                                      submission: inReview, conflicts: []) }?.rule == .invalidState)
        let withdrawn = Fixture.drive(inReview, [(.withdraw(reason: "x"), Fixture.editorA, at)])
        #expect(violation { try ReviewLifecycle.apply(.assess(.size, .met, comment: ""), to: try started(), by: Fixture.reviewer,
                                                      at: at, submission: withdrawn, conflicts: []) }?.rule == .invalidState)
    }

    @Test("Every category has the seven criteria, each with guidance")
    func criteria() {
        for category in QualificationCategory.allCases {
            let list = ReviewCriterion.criteria(for: category)
            #expect(list.count == 7 && Set(list).count == 7)
            #expect(list.allSatisfy { !$0.guidance(for: category).isEmpty })
        }
        #expect(ReviewCriterion.statutoryTest.guidance(for: .occupationalEntry).hasPrefix("Alternative approval"))
        #expect(ReviewCriterion.statutoryTest.guidance(for: .additionalSpecialist).contains("specialist competence"))
        #expect(ReviewCriterion.statutoryTest.guidance(for: .crossCutting).hasPrefix("Significant outcomes"))
    }
}
