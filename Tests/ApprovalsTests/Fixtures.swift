import Foundation
import Testing
@testable import Approvals

/// Pinned instants, people, organisations and contents the tests share. Every instant is built from
/// UK wall-clock time, as administrators enter them.
enum Fixture {
    static func uk(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0, _ s: Int = 0) -> Date {
        try! UKTime.instant(year: y, month: m, day: d, hour: h, minute: min, second: s)
    }

    static func iso(_ text: String) -> Date {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text) ?? ISO8601DateFormatter().date(from: text)!
    }

    static let oneMillisecond: TimeInterval = 0.001

    // Organisations.
    static let aoA = Organisation(id: OrganisationID("org-a"), name: "Alpha Awards", ofqualRecognitionNumber: "RN5001",
                                  ssaScope: [SectorSubjectArea("4")!, SectorSubjectArea("6.1")!])
    static let aoB = Organisation(id: OrganisationID("org-b"), name: "Beta Qualifications",
                                  ofqualRecognitionNumber: "RN5002", ssaScope: [SectorSubjectArea("4.1")!])

    // Actors.
    static let editorA = Actor(id: UserID("u-ed-a"), organisationID: aoA.id, roles: [.aoEditor], displayName: "Ann")
    static let adminA = Actor(id: UserID("u-adm-a"), organisationID: aoA.id, roles: [.aoAdmin], displayName: "Ade")
    static let editorB = Actor(id: UserID("u-ed-b"), organisationID: aoB.id, roles: [.aoEditor], displayName: "Bo")
    static let reviewer = Actor(id: UserID("u-rev"), roles: [.reviewer], displayName: "Rita")
    static let otherReviewer = Actor(id: UserID("u-rev2"), roles: [.reviewer], displayName: "Rob")
    static let approver = Actor(id: UserID("u-appr"), roles: [.approver], displayName: "Pat")
    static let admin = Actor(id: UserID("u-admin"), roles: [.admin], displayName: "Ada")
    static let apiClient = Actor(id: UserID("client-dfe"), roles: [.apiClient], displayName: "DfE")
    static let everyone = [editorA, adminA, editorB, reviewer, otherReviewer, approver, admin, apiClient]

    /// Level 3 spring 2025 with ST0001 and ST0002 in scope from before the window.
    static let cycle: Cycle = {
        var c = SeedCycles.level3Spring2025
        c.standardsInScope = [
            StandardInScope(standardReference: "ST0001", addedAt: uk(2025, 1, 6, 9)),
            StandardInScope(standardReference: "ST0002", addedAt: uk(2025, 1, 6, 9)),
        ]
        return c
    }()

    static let windowOpens = uk(2025, 3, 10, 9)
    static let windowCloses = uk(2025, 3, 21, 17)
    static let duringWindow = uk(2025, 3, 14, 12)

    static let standard = OccupationalStandard(
        reference: "ST0001", title: "Electric vehicle technician", level: 3, route: .transportLogistics,
        version: "1.2", status: .approvedForDelivery,
        ksbs: [KSB(code: "K1", kind: .knowledge, text: "High voltage safety"),
               KSB(code: "S1", kind: .skill, text: "Isolate a battery"),
               KSB(code: "B1", kind: .behaviour, text: "Works safely")])

    static func document(_ kind: DocumentKind, _ n: Int = 0) -> DocumentReference {
        let hex = String(repeating: String(kind.rawValue.count % 10), count: 63) + String(n % 10)
        return DocumentReference(kind: kind, sha256: hex, originalName: "\(kind.rawValue).pdf", byteCount: 1024,
                                 mediaType: "application/pdf")!
    }

    static let allDocuments: [DocumentReference] = {
        [.specification, .assessmentMaterials, .mappingTemplate, .structureDocument, .letterOfSupport].map { document($0) }
    }()

    /// A level 3 occupational entry qualification that passes every rule in `cycle`.
    static let goodContent: SubmissionContent = {
        SubmissionContent(
            category: .occupationalEntry,
            title: "Level 3 Technical Occupational Entry for Electric Vehicle Technicians (Diploma)",
            level: .three, guidedLearningHours: 360, totalQualificationTime: 480, route: .transportLogistics,
            sectorSubjectArea: SectorSubjectArea("4.2")!, standardReferences: ["ST0001"],
            ksbMapping: [KSBMapping(standardReference: "ST0001", ksbCode: "K1", coveredIn: "Unit 1",
                                    assessedIn: "Exam paper 1")],
            employerDemandEvidence: "Letters from 12 employers", documents: allDocuments)
    }()

    static func context(_ org: Organisation = aoA, exceptions: [LateSubmissionException] = [],
                        notes: [OfqualRegulatoryNote] = [], conflicts: [ConflictOfInterest] = [],
                        proposal: Proposal? = nil, area: SpecialistArea? = nil) -> SubmissionContext {
        SubmissionContext(cycle: cycle, organisation: org, exceptions: exceptions, proposal: proposal,
                          standards: [standard], specialistArea: area, regulatoryNotes: notes, conflicts: conflicts)
    }

    static func draftSubmission(_ org: Organisation = aoA, id: String = "sub-1", sequence: Int = 42,
                                content: SubmissionContent = goodContent) -> Submission {
        let actor = org.id == aoA.id ? editorA : editorB
        return try! SubmissionLifecycle.create(
            id: SubmissionID(id), reference: RecordReference(kind: .submission, scope: "L3S25", sequence: sequence)!,
            cycle: cycle, organisationID: org.id, content: content, by: actor, at: uk(2025, 3, 1, 10)).record
    }

    /// Drive a submission through a list of events; a refused step is a test failure (not a crash).
    static func drive(_ submission: Submission, _ steps: [(SubmissionEvent, Actor, Date)],
                      context: SubmissionContext = context()) -> Submission {
        var s = submission
        for (event, actor, at) in steps {
            do { s = try SubmissionLifecycle.apply(event, to: s, by: actor, at: at, context: context).record }
            catch {
                Issue.record("setting up: step \(event.kind) refused: \(error.message)")
                return s
            }
        }
        return s
    }

    static func conflict(_ reviewer: Actor, with org: Organisation, state: ConflictOfInterest.State = .declared)
        -> ConflictOfInterest {
        ConflictOfInterest(id: ConflictID("coi-\(reviewer.id)"),
                           reference: RecordReference(kind: .conflict, scope: "2025", sequence: 1)!,
                           reviewerID: reviewer.id, organisationID: org.id, description: "Former employee",
                           declaredAt: uk(2025, 1, 1, 9), state: state, version: 1, updatedAt: uk(2025, 1, 1, 9))
    }

    static func openNote(on org: Organisation) -> OfqualRegulatoryNote {
        OfqualRegulatoryNote(id: RegulatoryNoteID("note-1"),
                             reference: RecordReference(kind: .regulatoryNote, scope: "2025", sequence: 1)!,
                             organisationID: org.id, summary: "Investigation into malpractice",
                             receivedAt: uk(2025, 3, 1, 9), state: .open, recordedBy: admin.id, version: 1,
                             createdAt: uk(2025, 3, 1, 9), updatedAt: uk(2025, 3, 1, 9))
    }

    /// A completed review of `submission` by `reviewer`, every criterion met.
    static func completedReview(of submission: Submission, outcome: DecisionOutcome = .approved) -> Review {
        Review(id: ReviewID("rev-1"), reference: RecordReference(kind: .review, scope: "L3S25", sequence: 1)!,
               submissionID: submission.id, organisationID: submission.organisationID, reviewerID: reviewer.id,
               category: .occupationalEntry, versionNumber: 1, state: .completed,
               assessments: ReviewCriterion.allCases.map {
                   CriterionAssessment(criterion: $0, outcome: .met, comment: "", recordedAt: uk(2025, 4, 1, 9))
               },
               recommendedOutcome: outcome, summary: "Meets every criterion", completedAt: uk(2025, 4, 1, 10),
               version: 9, createdAt: uk(2025, 4, 1, 9), updatedAt: uk(2025, 4, 1, 10))
    }
}

extension Error {
    /// The violation's code, or a marker that a different error came out.
    var code: String { (self as? RuleViolation)?.code ?? "not a RuleViolation: \(self)" }
    var message: String { (self as? RuleViolation)?.message ?? "\(self)" }
}

/// Runs a throwing domain call and returns the violation it threw, or nil when it succeeded. (Untyped
/// `throws` so that closures inside `#expect` infer; any other error is recorded as a test issue.)
func violation<T>(_ body: () throws -> T) -> RuleViolation? {
    do {
        _ = try body()
        return nil
    } catch let violation as RuleViolation {
        return violation
    } catch {
        Issue.record("expected a RuleViolation, got \(error)")
        return nil
    }
}
