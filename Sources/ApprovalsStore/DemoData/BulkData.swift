public import Foundation
import Approvals
import GRDB

/// Many submitted submissions added to the demo data, so that the API's lists have more than a page
/// to give (the benchmark reads 50-row pages; the demo data alone holds about twenty submissions).
///
/// Each submission is made exactly as `RecordStore.createSubmission` and `applySubmission(.submit)`
/// make one: the next reference, the domain's create and submit transitions judged against the
/// store's facts in the same transaction (the cycle's window, the organisation's scope, the
/// registration of intent), the record's rows and an audit event for each step appended to the
/// chain. The one difference is that a few hundred records share a commit, which keeps loading ten
/// thousand of them to seconds instead of minutes of fsyncs; the audit chain stays valid.
public enum BulkData {
    /// What `load` needs that the demo data was not loaded first.
    public struct DemoDataMissing: Error, CustomStringConvertible {
        public var description: String {
            "Bulk data is added to the demo data: load it first (approvals demo-data), with the same --now."
        }
    }

    /// Records per commit: large enough that fsyncs do not dominate, small enough that the writer
    /// is not held for long if a server is running on the same folder.
    static let batch = 250

    /// Adds `count` submitted submissions by Northbridge Awards to the cycle open now, at instants
    /// one second apart starting a day before `now`. Returns how many were added.
    @discardableResult
    public static func load(_ count: Int, into store: RecordStore, now: Date) throws -> Int {
        guard count > 0 else { return 0 }
        guard let cycle = try? store.cycle(code: DemoData.currentCycleCode),
              let editor = try store.user(email: "editor@northbridge.example"), let organisationID = editor.organisationID else {
            throw DemoDataMissing()
        }
        let actor = editor.actor
        let standard = try store.standard(reference: "ST0973")
        let start = now.addingTimeInterval(-86_400)
        // The same five documents for every submission: stored once, by their SHA-256.
        let documents = try [DocumentKind.specification, .assessmentMaterials, .mappingTemplate, .structureDocument, .letterOfSupport].map { kind in
            try store.storeDocument(bytes: Array("%PDF-1.4\n% \(kind.title) for bulk submissions\n%%EOF\n".utf8),
                                    originalName: "bulk-\(kind.rawValue).pdf", kind: kind, uploadedBy: actor.id, at: start)
        }
        let database = store.database
        var made = 0
        while made < count {
            let upTo = min(count, made + batch)
            try database.pool.write { db in
                for index in made..<upTo {
                    let createdAt = start.addingTimeInterval(Double(index) * 2)
                    let content = Self.content(index, standard: standard, documents: documents)
                    let reference = try ReferenceAllocator.next(.submission, scope: cycle.code, in: db)
                    let facts = StoreReader(db, cache: database.referenceCache)
                    let created = try SubmissionLifecycle.create(
                        id: SubmissionID(RandomIdentifier.make()), reference: reference, cycle: try facts.cycle(cycle.id),
                        organisationID: organisationID, content: content, by: actor, at: createdAt)
                    try RecordRows.insert(created.record, actorID: actor.id.rawValue, in: db)
                    try AuditChain.append(AuditEntry(created.audit), in: db)
                    let context = try facts.submissionContext(for: created.record, content: nil, policy: .standard)
                    let submitted = try SubmissionLifecycle.apply(.submit, to: created.record, by: actor, at: createdAt.addingTimeInterval(1),
                                                                  context: context)
                    try RecordRows.update(submitted.record, expectedVersion: created.record.version, previous: created.record,
                                          actorID: actor.id.rawValue, in: db)
                    try AuditChain.append(AuditEntry(submitted.audit), in: db)
                }
            }
            made = upTo
        }
        return made
    }

    /// Occupational entry content on ST0973, complete enough to submit, its title numbered.
    static func content(_ index: Int, standard: OccupationalStandard?, documents: [DocumentReference]) -> SubmissionContent {
        let ksbs = standard?.ksbs ?? []
        return SubmissionContent(
            category: .occupationalEntry, title: "Level 3 Technical Occupational Entry in Digital Support \(index + 1) (Certificate)",
            level: .three, guidedLearningHours: 240, totalQualificationTime: 320, route: standard?.route ?? .digital,
            sectorSubjectArea: SectorSubjectArea("6.1"), standardReferences: ["ST0973"],
            ksbMapping: ksbs.map { KSBMapping(standardReference: "ST0973", ksbCode: $0.code, coveredIn: "Unit \($0.code.dropFirst())",
                                              assessedIn: "Synoptic assignment, task \($0.code)") },
            employerDemandEvidence: "Letters from twelve employers in the region and a survey of 140 employers (2024) show vacancies for digital support roles.",
            documents: documents)
    }
}
