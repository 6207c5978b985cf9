import ArgumentParser
import Approvals
import ApprovalsStore
import Foundation

/// `approvals store-burst`: a burst of document uploads and submission transitions, each
/// acknowledged on standard output only after it committed. The store's crash test runs it as a
/// child process and kills it with SIGKILL part-way: everything acknowledged must survive.
struct StoreBurstCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-burst",
        abstract: "Test aid: commit a burst of transitions, printing each acknowledged reference.",
        shouldDisplay: false
    )

    @OptionGroup var store: StoreCommandOptions
    @Option(help: "How many submissions to create and edit.") var count = 1000

    func run() throws {
        let database = try store.open()
        let records = RecordStore(database: database)
        let now = Date()
        let (cycle, organisation) = try BurstFixture.ensure(records, at: now)
        let actor = Actor(id: UserID("burst-editor"), organisationID: organisation, roles: [.aoEditor], displayName: "Burst editor")
        // Every fifth upload repeats earlier bytes, so that storing a file once per SHA-256 is exercised.
        let repeated = Array("The same letter of support, uploaded again.\n".utf8)
        var generator = SystemRandomNumberGenerator()
        for index in 1...max(1, count) {
            let bytes = index % 5 == 0 ? repeated : (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let document = try records.storeDocument(bytes: bytes, originalName: "evidence-\(index).bin", kind: .other,
                                                     uploadedBy: actor.id, at: Date())
            var content = BurstFixture.content
            content.documents = [document]
            let created = try records.createSubmission(cycleID: cycle, organisationID: organisation, content: content, by: actor, at: Date())
            acknowledge(created, document)
            content.title += " (revised)"
            let edited = try records.applySubmission(.editDraft(content), to: created.id, expectedVersion: created.version,
                                                     by: actor, at: Date())
            acknowledge(edited, document)
        }
        try database.close()
    }

    /// One line per committed transition, written straight to the file descriptor (no buffer) so
    /// that the parent has it before a kill.
    private func acknowledge(_ submission: Submission, _ document: DocumentReference) {
        FileHandle.standardOutput.write(Data("ack \(submission.reference) \(submission.version) \(document.sha256)\n".utf8))
    }
}

/// The organisation and cycle the burst writes into, made once per data folder.
enum BurstFixture {
    static let cycleCode = "BURST"

    static let content = SubmissionContent(
        category: .occupationalEntry, title: "Level 2 Technical Occupational Entry in Burst Testing (Certificate)",
        level: .two, guidedLearningHours: 120, totalQualificationTime: 180, route: .digital,
        sectorSubjectArea: SectorSubjectArea("6.1"), standardReferences: [])

    static func ensure(_ records: RecordStore, at now: Date) throws -> (CycleID, OrganisationID) {
        if let existing = try? records.cycle(code: cycleCode) {
            let organisation = try records.page(Organisation.self, limit: 1).records.first!
            return (existing.id, organisation.id)
        }
        let organisation = Organisation(id: OrganisationID(RecordStore.newIdentifier()), name: "Burst Awarding Body",
                                        ofqualRecognitionNumber: "RN9999", ssaScope: [SectorSubjectArea("6")!])
        let window = TimeWindow(opens: now.addingTimeInterval(-86_400), closes: now.addingTimeInterval(30 * 86_400))
        let cycle = Cycle(id: CycleID(RecordStore.newIdentifier()), code: cycleCode, name: "Burst test cycle", level: .two, number: 1,
                          categories: [.occupationalEntry], routes: [.digital],
                          windows: CycleWindows(registrationOfIntent: window, proposal: window, submission: window))
        let audit = { (type: String, id: String) in
            AuditEntry(occurredAt: now, actorUserID: "command-line", actorRole: "admin", recordType: type, recordID: id,
                       recordReference: nil, action: "create", stateBefore: nil, stateAfter: nil)
        }
        try records.insert(organisation, audit: audit("organisation", organisation.id.rawValue))
        try records.insert(cycle, audit: audit("cycle", cycle.id.rawValue))
        return (cycle.id, organisation.id)
    }
}
