import Approvals
import ApprovalsStore
import Foundation
import GRDB

/// A data folder holding 10,000 submissions and 200,000 audit events, built in large transactions
/// (building it one commit at a time would take most of the run).
struct BenchmarkDatabase {
    let folder: URL
    let database: ApprovalsDatabase
    let store: RecordStore
    let cycle: Cycle
    let organisation: Organisation
    let editor: Actor
    let submissionIDs: [SubmissionID]

    static let instant = Date(timeIntervalSince1970: 1_742_000_000)

    static func content(_ index: Int) -> SubmissionContent {
        SubmissionContent(
            category: .occupationalEntry, title: "Level 3 Technical Occupational Entry in Digital Support \(index) (Certificate)",
            level: .three, guidedLearningHours: 240 + index % 100, totalQualificationTime: 400, route: .digital,
            sectorSubjectArea: SectorSubjectArea("6.1"), standardReferences: ["ST0973"],
            ksbMapping: (1...6).map { KSBMapping(standardReference: "ST0973", ksbCode: "K\($0)", coveredIn: "Unit \($0)", assessedIn: "Task \($0)") },
            employerDemandEvidence: "Letters from twelve employers and a survey of 140 employers show demand for this role.")
    }

    static func build(submissions: Int, auditEvents: Int, durability: ApprovalsDatabase.Durability) throws -> BenchmarkDatabase {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-benchmark-\(UUID().uuidString)")
        var options = ApprovalsDatabase.Options()
        options.durability = durability
        options.orphanSweepGrace = nil
        let database = try ApprovalsDatabase.open(dataDirectory: folder, options: options)
        let store = RecordStore(database: database)
        let admin = Actor(id: UserID("admin"), roles: [.admin])
        let organisation = Organisation(id: OrganisationID("org-bench"), name: "Northbridge Awards", ofqualRecognitionNumber: "RN5137",
                                        ssaScope: [SectorSubjectArea("6")!])
        try store.createOrganisation(organisation, by: admin, at: instant)
        let window = TimeWindow(opens: instant.addingTimeInterval(-86_400), closes: instant.addingTimeInterval(86_400))
        let cycle = try store.createCycle(Cycle(id: CycleID("cycle-bench"), code: "B25", name: "Benchmark cycle", level: .three, number: 2,
                                                categories: [.occupationalEntry], routes: [.digital], windows: CycleWindows(submission: window)),
                                          by: admin, at: instant)
        let editor = Actor(id: UserID("editor"), organisationID: organisation.id, roles: [.aoEditor], displayName: "Editor")
        var ids: [SubmissionID] = []
        try database.pool.write { db in
            for index in 0..<submissions {
                let reference = try ReferenceAllocator.next(.submission, scope: cycle.code, in: db)
                let transition = try SubmissionLifecycle.create(
                    id: SubmissionID(RecordStore.newIdentifier()), reference: reference, cycle: cycle, organisationID: organisation.id,
                    content: content(index), by: editor, at: instant)
                try RecordRows.insert(transition.record, actorID: editor.id.rawValue, in: db)
                try AuditChain.append(AuditEntry(transition.audit), in: db)
                ids.append(transition.record.id)
            }
        }
        var remaining = auditEvents - (try store.auditEvents(after: 0, limit: Int.max).count)
        while remaining > 0 {
            let batch = min(remaining, 25_000)
            try database.pool.write { db in
                for index in 0..<batch {
                    let id = ids[index % ids.count]
                    try AuditChain.append(AuditEntry(occurredAt: instant, actorUserID: editor.id.rawValue, actorRole: "ao_editor",
                                                     actorOrganisationID: organisation.id.rawValue, recordType: "submission",
                                                     recordID: id.rawValue, recordReference: nil, action: "edit_draft",
                                                     stateBefore: "draft", stateAfter: "draft", details: "{\"record_version\":\"1\"}"), in: db)
                }
            }
            remaining -= batch
        }
        try database.pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        return BenchmarkDatabase(folder: folder, database: database, store: store, cycle: cycle, organisation: organisation,
                                 editor: editor, submissionIDs: ids)
    }

    func remove() {
        try? database.close()
        try? FileManager.default.removeItem(at: folder)
    }
}
