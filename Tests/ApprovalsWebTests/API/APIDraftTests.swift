import Approvals
@testable import ApprovalsStore
import Foundation
import GRDB
import Testing

/// An AO's draft never reaches DfE or Ofqual: not in a list, a CSV, a resource, the change feed or
/// a document link, however it is asked for.
@Suite struct APIDraftTests {
    @Test func aDraftAppearsNowhereInTheAPI() async throws {
        let service = try APIService()
        let store = RecordStore(database: service.database)
        // A new draft with a title no submitted record has, copied from a submitted one's content.
        let marker = "Level 3 Technical Occupational Entry in Draft Marker Zebra (Diploma)"
        let submitted = try #require(try store.page(Submission.self, filter: .submittedOnly(Submission.State.self), limit: 1).records.first)
        var content = try #require(submitted.latestVersion?.content)
        content.title = marker
        let editor = Actor(id: UserID("draft-editor"), organisationID: submitted.organisationID, roles: [.aoEditor])
        let draft = try store.createSubmission(cycleID: submitted.cycleID, organisationID: submitted.organisationID, content: content,
                                               by: editor, at: Date())
        // The demo data's own drafts of every kind.
        let drafts: [(path: String, id: String, reference: String)] = try await service.database.pool.read { db in
            try [("submissions", "submissions"), ("proposals", "proposals"), ("registrations", "registrations_of_intent")].flatMap { path, table in
                try Row.fetchAll(db, sql: "SELECT id, reference FROM \(table) WHERE state = 'draft'").map { (path, $0["id"] as String, $0["reference"] as String) }
            }
        }
        #expect(drafts.contains { $0.id == draft.id.rawValue })
        #expect(drafts.count >= 3)

        var everything = ""
        for list in APIListTests.lists {
            var path: String? = "/api/v1/\(list)?limit=200"
            while let next = path {
                let answer = try await service.get(next)
                everything += answer.text
                path = answer.next
                for item in answer.items where list != "routes" && list != "categories" && list != "decisions" {
                    guard let id = item["id"] as? String else { continue }
                    everything += try await service.get("/api/v1/\(list)/\(id)").text
                }
            }
            everything += try await service.get("/api/v1/\(list).csv").text
        }
        for cycle in try await service.all("/api/v1/cycles").items {
            everything += try await service.get("/api/v1/cycles/\(cycle["id"] as? String ?? "")/standards?limit=200").text
        }
        var feed: String? = "/api/v1/changes?limit=200"
        while let next = feed {
            let answer = try await service.get(next)
            everything += answer.text
            feed = answer.next
        }
        #expect(everything.count > 10_000, "the walk read the API")
        #expect(!everything.contains(marker))
        #expect(!everything.contains("Draft Marker Zebra"))
        for draft in drafts {
            #expect(!everything.contains(draft.id), "\(draft.path) \(draft.reference) leaked")
            #expect(!everything.contains(draft.reference), "\(draft.path) \(draft.reference) leaked")
            #expect(try await service.get("/api/v1/\(draft.path)/\(draft.id)").status == 404)
        }
        for status in ["draft"] {
            #expect(try await service.all("/api/v1/submissions?status=\(status)").items.isEmpty)
            #expect(try await service.all("/api/v1/proposals?status=\(status)").items.isEmpty)
            #expect(try await service.all("/api/v1/registrations?status=\(status)").items.isEmpty)
        }
    }
}
