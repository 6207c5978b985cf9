import Foundation
import GRDB
import Testing
@testable import ApprovalsWeb

/// `route` on proposals (the route the proposal names) and registrations of intent (the routes of
/// the standards its intended qualifications build on), as on submissions.
@Suite struct APIRouteFilterTests {
    func ids(_ items: [[String: Any]]) -> Set<String> { Set(items.compactMap { $0["id"] as? String }) }

    func namedRoute(_ service: APIService, proposal id: String) throws -> String? {
        try service.database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT json_extract(body, '$.content.route') FROM proposals WHERE id = ?", arguments: [id])
        }
    }

    func routes(_ service: APIService, of standards: [String]) throws -> [String] {
        let list = String(decoding: try JSONSerialization.data(withJSONObject: standards), as: UTF8.self)
        return try service.database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT route_code FROM standards WHERE reference IN (SELECT value FROM json_each(?))", arguments: [list])
        }
    }

    @Test func proposalsByRoutePartitionTheList() async throws {
        let service = try APIService()
        let all = ids(try await service.all("/api/v1/proposals").items)
        let routes = try await service.get("/api/v1/routes").items.compactMap { $0["code"] as? String }
        var seen: [String] = []
        for route in routes {
            let found = try await service.all("/api/v1/proposals?route=\(route)").items
            for item in found {
                let id = try #require(item["id"] as? String)
                let named = try namedRoute(service, proposal: id)
                #expect(named == route)
                seen.append(id)
            }
        }
        #expect(!all.isEmpty)
        #expect(seen.count == all.count && Set(seen) == all, "every proposal is on exactly one route")
        #expect(try await service.all("/api/v1/proposals?route=no_such_route").items.isEmpty)
    }

    @Test func registrationsByRouteFollowTheirStandards() async throws {
        let service = try APIService()
        let all = try await service.all("/api/v1/registrations").items
        let routes = try await service.get("/api/v1/routes").items.compactMap { $0["code"] as? String }
        var union: Set<String> = []
        var nonEmptyRoutes = 0
        for route in routes {
            let found = try await service.all("/api/v1/registrations?route=\(route)").items
            if !found.isEmpty { nonEmptyRoutes += 1 }
            for item in found {
                let details = try #require(item["details"] as? [String: Any])
                let references = (details["qualifications"] as? [[String: Any]] ?? []).flatMap { $0["standard_references"] as? [String] ?? [] }
                let routesOfStandards = try self.routes(service, of: references)
                #expect(routesOfStandards.contains(route), "a registration listed under \(route) builds on one of its standards")
                union.insert(try #require(item["id"] as? String))
            }
        }
        #expect(nonEmptyRoutes >= 1)
        #expect(union.isSubset(of: ids(all)))
        #expect(try await service.all("/api/v1/registrations?route=no_such_route").items.isEmpty)
    }
}
