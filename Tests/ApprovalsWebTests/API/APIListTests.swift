import Foundation
import Testing

/// The lists over real sockets: their shape, paging, filters, CSV and the answers to bad parameters.
@Suite struct APIListTests {
    static let lists = ["cycles", "routes", "categories", "organisations", "registrations", "proposals", "submissions",
                        "decisions", "exceptions", "approved-qualifications"]

    @Test func everyListIsAnObjectWithItemsLinksAndCaching() async throws {
        let service = try APIService()
        for list in Self.lists {
            let answer = try await service.get("/api/v1/\(list)")
            #expect(answer.status == 200, "\(list)")
            #expect(answer.header("Content-Type") == "application/json", "\(list)")
            #expect(answer.header("Cache-Control") == "private", "\(list)")
            #expect(answer.header("ETag")?.hasPrefix("\"") == true, "\(list)")
            #expect(answer.object["items"] is [Any], "\(list)")
            #expect(answer.object["links"] is [String: Any], "\(list)")
            #expect(answer.object["limit"] as? Int == 50, "\(list)")
        }
        #expect(try await service.get("/api/v1/routes").items.count == 15)
    }

    @Test func pagingVisitsEveryItemOnceInTheSameOrderWhateverThePageSize() async throws {
        let service = try APIService()
        let whole = try await service.all("/api/v1/submissions", limit: 200)
        let paged = try await service.all("/api/v1/submissions", limit: 2)
        let ids = whole.items.compactMap { $0["id"] as? String }
        #expect(ids.count >= 5)
        #expect(whole.pages == 1)
        #expect(paged.pages == (ids.count + 1) / 2)
        #expect(paged.items.compactMap { $0["id"] as? String } == ids)
        #expect(Set(ids).count == ids.count)
        let first = try await service.get("/api/v1/submissions?level=3&limit=1")
        #expect(first.next?.contains("level=3") == true, "the next link keeps the filters")
    }

    @Test func filtersNarrowTheListsTheWayTheyClaim() async throws {
        let service = try APIService()
        let level3 = try await service.all("/api/v1/submissions?level=3").items
        #expect(!level3.isEmpty && level3.allSatisfy { $0["level"] as? Int == 3 })
        let approved = try await service.all("/api/v1/submissions?status=approved").items
        #expect(!approved.isEmpty && approved.allSatisfy { $0["status"] as? String == "approved" })
        let qualifications = try await service.all("/api/v1/approved-qualifications").items
        #expect(qualifications.map { $0["id"] as? String } == approved.map { $0["id"] as? String })
        let digital = try await service.all("/api/v1/submissions?route=digital").items
        #expect(!digital.isEmpty && digital.allSatisfy { $0["route"] as? String == "digital" })
        let organisation = try #require(level3.first?["organisation_id"] as? String)
        let ofOne = try await service.all("/api/v1/submissions?organisation=\(organisation)").items
        #expect(!ofOne.isEmpty && ofOne.allSatisfy { $0["organisation_id"] as? String == organisation })
        #expect(try await service.all("/api/v1/submissions?updated_since=2999-01-01T00:00:00Z").items.isEmpty)
        let since = try await service.all("/api/v1/submissions?updated_since=2025-04-15T13:00:00Z").items
        #expect(since.allSatisfy { ($0["updated_at"] as? String ?? "") >= "2025-04-15T13:00:00.000Z" })
        #expect(try await service.all("/api/v1/cycles?level=2").items.allSatisfy { $0["level"] as? Int == 2 })
    }

    @Test(arguments: [
        "/api/v1/submissions?limit=0", "/api/v1/submissions?limit=201", "/api/v1/submissions?limit=ten",
        "/api/v1/submissions?level=4", "/api/v1/submissions?colour=blue", "/api/v1/submissions?after=not-a-cursor",
        "/api/v1/submissions?updated_since=yesterday", "/api/v1/submissions?updated_since=2025-01-01T00:00:00%2B01:00",
        "/api/v1/routes?status=open", "/api/v1/submissions?level=3&level=2", "/api/v1/submissions?organisation=",
        "/api/v1/changes?route=digital", "/api/v1/submissions.csv?limit=x", "/api/v1/cycles/cycle-l3s25?x=1",
    ])
    func badParametersAreA400Problem(path: String) async throws {
        let service = try APIService()
        let answer = try await service.get(path)
        #expect(answer.status == 400)
        #expect(answer.header("Content-Type") == "application/problem+json")
        #expect(answer.object["status"] as? Int == 400)
        #expect(answer.object["type"] as? String != nil && answer.object["title"] as? String == "Bad Request")
        #expect((answer.object["detail"] as? String)?.contains("query parameter") == true)
    }

    @Test func csvGivesTheSameFilteredRowsWithAHeader() async throws {
        let service = try APIService()
        let json = try await service.all("/api/v1/submissions?level=3").items
        let csv = try await service.get("/api/v1/submissions.csv?level=3")
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type") == "text/csv; charset=utf-8")
        let lines = csv.text.split(separator: "\r\n")
        #expect(lines.first == "id,reference,organisation_id,cycle_id,status,title,category,level,route,latest_version,submitted_at,updated_at")
        #expect(lines.dropFirst().map { String($0.split(separator: ",").first ?? "") } == json.compactMap { $0["id"] as? String })
        for list in Self.lists {
            #expect(try await service.get("/api/v1/\(list).csv").status == 200, "\(list).csv")
        }
    }

    @Test func aCyclesStandardsAreListedWithTheirDates() async throws {
        let service = try APIService()
        let cycles = try await service.all("/api/v1/cycles").items
        var found = 0
        for cycle in cycles {
            let id = try #require(cycle["id"] as? String)
            #expect(cycle["windows"] is [Any])
            let standards = try await service.all("/api/v1/cycles/\(id)/standards").items
            #expect(standards.allSatisfy { $0["cycle_id"] as? String == id && $0["added_at"] is String })
            found += standards.count
            #expect(try await service.get("/api/v1/cycles/\(id)").object["id"] as? String == id)
        }
        #expect(found > 0)
        #expect(try await service.get("/api/v1/cycles/no-such-cycle/standards").status == 404)
    }
}
