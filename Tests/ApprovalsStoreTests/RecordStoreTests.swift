import Approvals
import Foundation
import GRDB
import Testing
@testable import ApprovalsStore

@Suite("Record store")
struct RecordStoreTests {
    @Test("references count up per cycle and kind, inside the transaction that creates the record")
    func references() throws {
        let folder = try TemporaryDataFolder()
        let store = RecordStore(database: try Fixtures.open(folder))
        let (cycle, organisation, editor) = try Fixtures.seed(store)
        let references = try (1...3).map { _ in
            try store.createSubmission(cycleID: cycle.id, organisationID: organisation.id, content: Fixtures.content, by: editor,
                                       at: Fixtures.instant).reference.description
        }
        #expect(references == ["SUB-T25-0001", "SUB-T25-0002", "SUB-T25-0003"])
        // A creation the domain refuses hands its number out again: no gaps to explain.
        let stranger = Actor(id: UserID("x"), organisationID: OrganisationID("other"), roles: [.aoEditor])
        #expect(throws: RuleViolation.self) {
            try store.createSubmission(cycleID: cycle.id, organisationID: organisation.id, content: Fixtures.content, by: stranger, at: Fixtures.instant)
        }
        let next = try store.createSubmission(cycleID: cycle.id, organisationID: organisation.id, content: Fixtures.content, by: editor, at: Fixtures.instant)
        #expect(next.reference.description == "SUB-T25-0004")
        #expect(try store.record(Submission.self, reference: " sub-t25-0004 ") == next)
        #expect(throws: RecordNotFound(recordType: "submission", reference: "SUB-T25-0099")) {
            try store.record(Submission.self, reference: "SUB-T25-0099")
        }
    }

    @Test("lists come in pages of 50 with a cursor that survives inserts, filtered by organisation and state")
    func paging() throws {
        let folder = try TemporaryDataFolder()
        let store = RecordStore(database: try Fixtures.open(folder))
        let (cycle, organisation, editor) = try Fixtures.seed(store)
        var created: [String] = []
        for index in 0..<120 {
            let draft = try store.createSubmission(cycleID: cycle.id, organisationID: organisation.id, content: Fixtures.content,
                                                   by: editor, at: Fixtures.instant)
            if index % 3 == 0 {
                try store.applySubmission(.withdraw(reason: "test"), to: draft.id, expectedVersion: 1, by: editor, at: Fixtures.instant)
            }
            created.append(draft.reference.description)
        }
        let filter = RecordFilter(organisationID: organisation.id.rawValue)
        let first = try store.page(Submission.self, filter: filter)
        #expect(first.records.count == 50)
        let cursor = try #require(first.next)
        #expect(PageCursor(cursor.description) == cursor)
        // A record created between pages appears at the end, not in the middle.
        let late = try store.createSubmission(cycleID: cycle.id, organisationID: organisation.id, content: Fixtures.content, by: editor, at: Fixtures.instant)
        let second = try store.page(Submission.self, filter: filter, after: cursor)
        let secondCursor = try #require(second.next)
        let third = try store.page(Submission.self, filter: filter, after: secondCursor)
        #expect(third.next == nil)
        let all = (first.records + second.records + third.records).map(\.reference.description)
        #expect(all == created + [late.reference.description])
        let withdrawn = try store.page(Submission.self, filter: RecordFilter(states: ["withdrawn"]), limit: 500)
        #expect(withdrawn.records.count == 40)
        #expect(try store.page(Submission.self, filter: RecordFilter(organisationID: "nobody")).records.isEmpty)
        #expect(PageCursor("not-a-cursor") == nil)

        // Summaries page the same way from the columns alone.
        var summaries: [RecordSummary] = []
        var next: PageCursor? = nil
        repeat {
            let page = try store.summaries(Submission.self, filter: filter, after: next)
            summaries += page.summaries
            next = page.next
        } while next != nil
        #expect(summaries.map(\.reference) == all)
        #expect(summaries.first?.title == Fixtures.content.title)
        #expect(summaries.first?.state == "withdrawn")
        #expect(summaries.first?.version == 2)
        #expect(summaries.first?.updatedAt == Fixtures.instant)
        // What DfE and Ofqual may list: nothing in draft.
        let submitted = try store.summaries(Submission.self, filter: .submittedOnly(Submission.State.self), limit: 500)
        #expect(submitted.summaries.count == 40)
        #expect(submitted.summaries.allSatisfy { $0.state != "draft" })
    }

    @Test("a submitted version is immutable in the database too")
    func versionsAreImmutable() throws {
        let folder = try TemporaryDataFolder()
        let database = try Fixtures.open(folder)
        try database.pool.write { db in
            try db.execute(sql: "INSERT INTO organisations (id, name, ofqual_recognition_number, version, body) VALUES ('o', 'O', 'RN1', 1, '{}')")
            try db.execute(sql: "INSERT INTO cycles (id, code, name, level, number, version, body) VALUES ('c', 'C1', 'C', 3, 1, 1, '{}')")
            try db.execute(sql: """
                INSERT INTO submissions (id, reference, organisation_id, cycle_id, state, category_code, title, version, created_at, updated_at, body)
                VALUES ('s', 'SUB-C1-0001', 'o', 'c', 'submitted', 'occupational_entry', 't', 2, 'x', 'x', '{}')
                """)
            try db.execute(sql: "INSERT INTO submission_versions VALUES ('s', 1, 'x', 'u', NULL, 't', '{}')")
        }
        for sql in ["UPDATE submission_versions SET title = 'changed'", "DELETE FROM submission_versions"] {
            let error = #expect(throws: DatabaseError.self) { try database.pool.write { try $0.execute(sql: sql) } }
            #expect(error?.message?.contains("immutable") == true)
        }
    }

    @Test("standards import: every problem reported with its line, and nothing written")
    func standardsImportReportsAllErrors() throws {
        let folder = try TemporaryDataFolder()
        let store = RecordStore(database: try Fixtures.open(folder))
        _ = try Fixtures.seed(store)
        let csv = """
            reference,title,level,route,version,status,ksbs
            ST0973,Digital support technician,3,digital,1.1,approved_for_delivery,K1: Data security | S1: Support users
            ST97,Short reference,3,digital,1.0,approved_for_delivery,K1: x
            ST0101,,9,space,1.0,dormant,Q1: nonsense
            ST0973,Duplicate,3,Digital,1.0,retired,K1: x | K1: y
            """
        let error = #expect(throws: StandardsImport.Invalid.self) {
            try store.importStandards(csv: csv, cycle: "T25", by: Actor(id: UserID("admin"), roles: [.admin]), at: Fixtures.instant)
        }
        let lines = error?.problems.map(\.line) ?? []
        #expect(lines == [3, 4, 4, 4, 4, 4, 5, 5])
        #expect(error?.description.contains("line 4: route \"space\" is not one of the 15 routes") == true)
        #expect(try store.standard(reference: "ST0973") == nil)
        #expect(try store.cycle(code: "T25").standardsInScope.isEmpty)
    }

    @Test("standards import: all rows in one transaction, added to the cycle's scope from the instant given")
    func standardsImportApplies() throws {
        let folder = try TemporaryDataFolder()
        let store = RecordStore(database: try Fixtures.open(folder))
        _ = try Fixtures.seed(store)
        let csv = """
            reference,title,level,route,version,status,ksbs\r
            ST0973,"Digital support technician, level 3",3,Digital,1.1,approved_for_delivery,"K1: Data security, and policy | S1: Support users | B1: Integrity"\r
            st0118,Infrastructure technician,3,digital,1.0,retired,K1: Networks\r
            """
        let admin = Actor(id: UserID("admin"), roles: [.admin])
        let outcome = try store.importStandards(csv: csv, cycle: "t25", by: admin, at: Fixtures.instant)
        #expect(outcome == StandardsImport.Outcome(added: ["ST0973", "ST0118"], updated: [], newlyInScope: ["ST0973", "ST0118"]))
        let standard = try #require(try store.standard(reference: "ST0973"))
        #expect(standard.title == "Digital support technician, level 3")
        #expect(standard.ksbs.map(\.code) == ["K1", "S1", "B1"])
        #expect(standard.ksbs[0].text == "Data security, and policy")
        let cycle = try store.cycle(code: "T25")
        #expect(cycle.isInScope(standard: "ST0973", at: Fixtures.instant))
        #expect(!cycle.isInScope(standard: "ST0973", at: Fixtures.instant.addingTimeInterval(-1)))
        // Importing again updates, and adds nothing to the scope twice.
        let again = try store.importStandards(csv: csv, cycle: "T25", by: admin, at: Fixtures.instant.addingTimeInterval(60))
        #expect(again.updated == ["ST0973", "ST0118"])
        #expect(again.newlyInScope.isEmpty)
        #expect(try store.database.verifyAudit().holds)
    }

    @Test("standards import refuses an unknown cycle and an empty file")
    func standardsImportRefusals() throws {
        let folder = try TemporaryDataFolder()
        let store = RecordStore(database: try Fixtures.open(folder))
        let admin = Actor(id: UserID("admin"), roles: [.admin])
        #expect(throws: RecordNotFound(recordType: "cycle", reference: "NOPE")) {
            try store.importStandards(csv: "reference,title,level,route,version,status,ksbs\nST0001,T,2,digital,1,retired,K1: x\n",
                                      cycle: "NOPE", by: admin, at: Fixtures.instant)
        }
        #expect(throws: StandardsImport.Invalid.self) { try StandardsImport.parse("") }
        let missingColumns = #expect(throws: StandardsImport.Invalid.self) { try StandardsImport.parse("reference,title\nST0001,x\n") }
        #expect(missingColumns?.problems.first?.message.contains("level, route, version, status, ksbs") == true)
        #expect(throws: StandardsImport.Invalid.self) { try StandardsImport.parse("reference,title\n\"unclosed,x\n") }
    }

    @Test("demo data has records in every state of every lifecycle, verifies, and refuses to load twice")
    func demoData() throws {
        let folder = try TemporaryDataFolder()
        let store = RecordStore(database: try Fixtures.open(folder))
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let summary = try DemoData.load(into: store, now: now)
        #expect(Set(summary.users.flatMap(\.roles)) == Set(Role.allCases))
        #expect(summary.cycles.map(\.code) == ["L2C2", "L3S25", DemoData.currentCycleCode])
        let states: (String) throws -> Set<String> = { table in
            Set(try store.database.pool.read { try String.fetchAll($0, sql: "SELECT DISTINCT state FROM \(table)") })
        }
        #expect(try states("submissions") == Set(Submission.State.allCases.map(\.rawValue)))
        #expect(try states("proposals") == Set(Proposal.State.allCases.map(\.rawValue)))
        #expect(try states("registrations_of_intent") == Set(RegistrationOfIntent.State.allCases.map(\.rawValue)))
        #expect(try states("late_submission_exceptions") == Set(LateSubmissionException.State.allCases.map(\.rawValue)))
        #expect(try states("ofqual_regulatory_notes") == Set(OfqualRegulatoryNote.State.allCases.map(\.rawValue)))
        #expect(try states("conflicts_of_interest") == Set(ConflictOfInterest.State.allCases.map(\.rawValue)))
        #expect(try states("changes_after_approval") == Set(ChangeAfterApproval.State.allCases.map(\.rawValue)))
        let current = try store.cycle(code: DemoData.currentCycleCode)
        #expect(current.window(.submission)?.contains(now) == true)
        #expect(current.window(.registrationOfIntent)?.contains(now) == true)
        #expect(current.window(.proposal)?.contains(now) == true)
        let spring = try store.cycle(code: "L3S25")
        #expect(UKTime.describe(spring.window(.submission)!.closes).contains("17:00"))
        let organisation = try #require(try store.page(Organisation.self).records.first { $0.ofqualRecognitionNumber == "RN5137" })
        #expect(!organisation.ssaScope.isEmpty)
        #expect(try store.page(SpecialistArea.self).records.first?.subAreas == ["Adapting exercise for antenatal and post-natal clients"])
        #expect(try store.database.verifyAudit().holds)
        #expect(throws: DemoData.AlreadyLoaded(cycleCode: "L2C2")) { try DemoData.load(into: store, now: now) }
    }
}
