import Foundation
import Testing
@testable import ApprovalsWeb

/// Single resources, the change feed and documents over real sockets.
@Suite struct APIResourceTests {
    @Test func aDecidedSubmissionCarriesVersionsMappingDocumentsReviewsAndDecision() async throws {
        let service = try APIService()
        let approved = try await service.all("/api/v1/submissions?status=approved").items
        let id = try #require(approved.first?["id"] as? String)
        let answer = try await service.get("/api/v1/submissions/\(id)")
        #expect(answer.status == 200)
        let submission = answer.object
        let versions = try #require(submission["versions"] as? [[String: Any]])
        #expect(!versions.isEmpty)
        #expect(versions.map { $0["number"] as? Int } == (1...versions.count).map { $0 })
        let latest = try #require(versions.last)
        #expect(latest["title"] as? String == submission["title"] as? String)
        #expect((latest["ksb_mapping"] as? [[String: Any]])?.isEmpty == false)
        let documents = try #require(latest["documents"] as? [[String: Any]])
        #expect(documents.allSatisfy { ($0["href"] as? String)?.hasPrefix("/api/v1/documents/") == true })
        #expect((latest["content"] as? [String: Any])?["guided_learning_hours"] is Int)
        let reviews = try #require(submission["reviews"] as? [[String: Any]])
        #expect(reviews.first?["criteria"] is [Any])
        let decision = try #require(submission["decision"] as? [String: Any])
        #expect(decision["outcome"] as? String == "approved")
        #expect(decision["reasons"] is String)
        let viaDecisions = try await service.get("/api/v1/decisions/\(id)")
        #expect(viaDecisions.object["outcome"] as? String == "approved")
    }

    @Test func everyListedRecordCanBeFetchedByItsId() async throws {
        let service = try APIService()
        for list in ["organisations", "registrations", "proposals", "submissions", "exceptions"] {
            let items = try await service.all("/api/v1/\(list)").items
            #expect(!items.isEmpty, "\(list)")
            for item in items {
                let id = try #require(item["id"] as? String)
                let answer = try await service.get("/api/v1/\(list)/\(id)")
                #expect(answer.status == 200, "\(list)/\(id)")
                #expect(answer.object["id"] as? String == id)
            }
        }
    }

    @Test func proposalsShowFeedbackOnlyOnceIssued() async throws {
        let service = try APIService()
        let proposals = try await service.all("/api/v1/proposals").items
        #expect(proposals.allSatisfy { $0["status"] as? String != "draft" })
        let withFeedback = proposals.filter { $0["feedback"] is [String: Any] }
        #expect(!withFeedback.isEmpty)
        #expect(withFeedback.allSatisfy { ["feedback_issued", "closed"].contains($0["status"] as? String ?? "") })
    }

    @Test func theChangeFeedGivesEveryEventOnceInOrderFromAStableCursor() async throws {
        let service = try APIService()
        var sequences: [Int] = []
        var path: String? = "/api/v1/changes?limit=7"
        var cursor = ""
        while let next = path {
            let answer = try await service.get(next)
            #expect(answer.status == 200)
            sequences += answer.items.compactMap { $0["sequence"] as? Int }
            cursor = try #require(answer.object["cursor"] as? String)
            path = answer.next
        }
        #expect(sequences.count > 20)
        #expect(sequences == sequences.sorted() && Set(sequences).count == sequences.count)
        let whole = try await service.get("/api/v1/changes?limit=200")
        #expect(whole.items.compactMap { $0["sequence"] as? Int } == sequences)
        let kinds = whole.items.map { ($0["record_type"] as? String ?? "", $0["action"] as? String ?? "") }
        #expect(kinds.contains { $0 == ("cycle", "create") }, "new cycles are news")
        #expect(kinds.contains { $0 == ("submission", "submit") })
        #expect(!kinds.contains { ["submission", "proposal", "registration_of_intent"].contains($0.0) && ["create", "edit_draft"].contains($0.1) },
                "drafts being written are not")
        #expect(!kinds.contains { ["api_token", "user", "session", "ofqual_regulatory_note", "conflict_of_interest"].contains($0.0) })
        // At the end: nothing new, and the same cursor to poll with again.
        let caughtUp = try await service.get("/api/v1/changes?after=\(cursor)")
        #expect(caughtUp.items.isEmpty)
        #expect(caughtUp.object["cursor"] as? String == cursor)
        #expect(caughtUp.next == nil)
    }

    @Test func aSubmittedDocumentIsStreamedWithTagAndRanges() async throws {
        let service = try APIService()
        var href: String?
        for item in try await service.all("/api/v1/submissions").items {
            let detail = try await service.get("/api/v1/submissions/\(item["id"] as? String ?? "")").object
            let documents = (detail["versions"] as? [[String: Any]])?.flatMap { $0["documents"] as? [[String: Any]] ?? [] } ?? []
            if let first = documents.first { href = first["href"] as? String; break }
        }
        let path = try #require(href)
        let whole = try await service.get(path)
        #expect(whole.status == 200)
        let sha = String(path.split(separator: "/").last ?? "")
        #expect(Digest.hex(Digest.sha256(Array(whole.body))) == sha)
        #expect(whole.header("ETag") == "\"\(sha)\"")
        #expect(whole.header("Content-Length") == String(whole.body.count))
        #expect(whole.header("Content-Type") != nil)
        #expect(whole.header("Accept-Ranges") == "bytes")
        let part = try await service.get(path, headers: ["Range": "bytes=1-4"])
        #expect(part.status == 206)
        #expect(part.body == whole.body.subdata(in: 1..<5))
        #expect(part.header("Content-Range") == "bytes 1-4/\(whole.body.count)")
        let tail = try await service.get(path, headers: ["Range": "bytes=-3"])
        #expect(tail.body == whole.body.suffix(3))
        let outside = try await service.get(path, headers: ["Range": "bytes=\(whole.body.count + 10)-"])
        #expect(outside.status == 416)
        #expect(outside.header("Content-Range") == "bytes */\(whole.body.count)")
        #expect(try await service.get(path, headers: ["If-None-Match": "\"\(sha)\""]).status == 304)
        #expect(try await service.get("/api/v1/documents/" + String(repeating: "0", count: 64)).status == 404)
    }

    @Test func rangeHeadersAreReadStrictly() {
        typealias E = APIDocumentEndpoint
        #expect(E.range("bytes=0-0", length: 10) == .some(0..<1))
        #expect(E.range("bytes=5-", length: 10) == .some(5..<10))
        #expect(E.range("bytes=8-100", length: 10) == .some(8..<10))
        #expect(E.range("bytes=-20", length: 10) == .some(0..<10))
        #expect(E.range("bytes=10-", length: 10) == .unsatisfiable)
        #expect(E.range("bytes=-0", length: 10) == .unsatisfiable)
        #expect(E.range("bytes=5-4", length: 10) == .none)
        #expect(E.range("bytes=0-1,3-4", length: 10) == .none)
        #expect(E.range("items=0-1", length: 10) == .none)
        #expect(E.range("bytes=+1-2", length: 10) == .none)
    }
}
