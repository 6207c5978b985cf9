import Approvals
import Foundation

/// A demo step that the domain refused: names the step, so that a change to the rules that breaks
/// the demo is found at once.
struct DemoStepFailed: Error, CustomStringConvertible {
    let step: String
    let underlying: any Error
    var description: String {
        "Demo data stopped at \"\(step)\": \(underlying). What was loaded before it stays; remove the data folder to start again."
    }
}

extension DemoLoader {
    func step<T>(_ name: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let failure as DemoStepFailed { throw failure } catch { throw DemoStepFailed(step: name, underlying: error) }
    }

    var l2c2: Cycle { cycles[0] }
    var l3s25: Cycle { cycles[1] }
    var current: Cycle { cycles[2] }

    /// A small PDF-shaped file, so the store sniffs it as a PDF.
    func document(_ kind: DocumentKind, about subject: String, by uploader: Actor, at instant: Date) throws -> DocumentReference {
        // Letters of support are shared between an organisation's submissions: stored once.
        let text = kind == .letterOfSupport
            ? "%PDF-1.4\n% Letter of support from the Employer Panel for \(uploader.organisationID?.rawValue ?? "")\n%%EOF\n"
            : "%PDF-1.4\n% \(kind.title) for \(subject)\n%%EOF\n"
        return try store.storeDocument(bytes: Array(text.utf8), originalName: "\(kind.rawValue)-\(subject.lowercased().replacingOccurrences(of: " ", with: "-")).pdf",
                                       kind: kind, uploadedBy: uploader.id, at: instant)
    }

    func allDocuments(about subject: String, by uploader: Actor, at instant: Date) throws -> [DocumentReference] {
        try [DocumentKind.specification, .assessmentMaterials, .mappingTemplate, .structureDocument, .letterOfSupport]
            .map { try document($0, about: subject, by: uploader, at: instant) }
    }

    /// Occupational entry content on a standard, complete enough to submit.
    func entryContent(level: QualificationLevel, subject: String, size: String, standard: OccupationalStandard, ssa: String,
                      documents: [DocumentReference]) -> SubmissionContent {
        SubmissionContent(
            category: .occupationalEntry, title: "\(level.title) Technical Occupational Entry in \(subject) (\(size))",
            level: level, guidedLearningHours: size == "Diploma" ? 420 : 240, totalQualificationTime: size == "Diploma" ? 600 : 320,
            route: standard.route, sectorSubjectArea: SectorSubjectArea(ssa), standardReferences: [standard.reference],
            ksbMapping: standard.ksbs.map { KSBMapping(standardReference: standard.reference, ksbCode: $0.code,
                                                     coveredIn: "Unit \($0.code.dropFirst())", assessedIn: "Synoptic assignment, task \($0.code)") },
            employerDemandEvidence: "Letters from twelve employers in the region and a survey of 140 employers (2024) show vacancies for \(subject.lowercased()) roles that the standard describes.",
            documents: documents)
    }

    static func standard(_ reference: String) -> OccupationalStandard { standards.first { $0.reference == reference }! }

    /// Creates a submission and submits it.
    func submitted(_ organisation: String, in cycle: Cycle, content: SubmissionContent, createdAt: Date, submittedAt: Date) throws -> Submission {
        let editor = actor("\(organisation).editor")
        let draft = try step("create \(content.title)") {
            try store.createSubmission(cycleID: cycle.id, organisationID: organisations[organisation]!.id, content: content, by: editor, at: createdAt)
        }
        return try step("submit \(draft.reference)") {
            try store.applySubmission(.submit, to: draft.id, expectedVersion: draft.version, by: editor, at: submittedAt)
        }
    }

    /// Takes a submitted submission into review: assigned by the admin, started by the reviewer.
    func inReview(_ submission: Submission, reviewer: String, at instant: Date) throws -> Submission {
        let assigned = try step("assign \(submission.reference)") {
            try store.applySubmission(.assignReviewer(actor(reviewer).id), to: submission.id, expectedVersion: submission.version,
                                      by: actor("admin"), at: instant)
        }
        return try step("start review of \(submission.reference)") {
            try store.applySubmission(.startReview, to: assigned.id, expectedVersion: assigned.version, by: actor(reviewer),
                                      at: instant.addingTimeInterval(3600))
        }
    }

    /// Reviews every criterion and recommends: all met for approval, employer demand not met otherwise.
    func recommended(_ submission: Submission, reviewer: String, outcome: DecisionOutcome, at instant: Date) throws -> Submission {
        let who = actor(reviewer)
        var review = try step("review \(submission.reference)") { try store.startReview(of: submission.id, by: who, at: instant) }
        for (index, criterion) in ReviewCriterion.criteria(for: review.category).enumerated() {
            let met = outcome == .approved || criterion != .employerDemand
            review = try step("assess \(criterion.rawValue) of \(submission.reference)") {
                try store.applyReview(.assess(criterion, met ? .met : .notMet,
                                              comment: met ? "Meets the criterion." : "The evidence shows demand in one region only, from three employers."),
                                      to: review.id, expectedVersion: review.version, by: who, at: instant.addingTimeInterval(Double(index + 1) * 600))
            }
        }
        review = try step("complete review of \(submission.reference)") {
            try store.applyReview(.complete(recommendation: outcome, summary: outcome == .approved
                                                ? "Every criterion is met." : "The employer demand test is not met."),
                                  to: review.id, expectedVersion: review.version, by: who, at: instant.addingTimeInterval(86_400))
        }
        let current = try store.record(Submission.self, id: submission.id.rawValue)
        return try step("recommend \(submission.reference)") {
            try store.applySubmission(.recommend(review), to: current.id, expectedVersion: current.version, by: who,
                                      at: instant.addingTimeInterval(86_400 + 600))
        }
    }

    func decided(_ submission: Submission, _ outcome: DecisionOutcome, at instant: Date) throws -> Submission {
        try step("decide \(submission.reference)") {
            try store.applySubmission(.decide(outcome, reasons: outcome == .approved
                                                ? "The committee agreed with the reviewer: every criterion is met."
                                                : "The committee agreed with the reviewer: the employer demand test is not met."),
                                      to: submission.id, expectedVersion: submission.version, by: actor("approver"), at: instant)
        }
    }
}
