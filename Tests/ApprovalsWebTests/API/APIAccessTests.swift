import Foundation
import Testing
@testable import ApprovalsWeb

/// Who may call the API and how often, and the answers to everything else: 401, 404, 405, 429, 304.
@Suite struct APIAccessTests {
    @Test func noTokenOrABadOneIsA401ProblemAskingForBearer() async throws {
        let service = try APIService()
        let missing = try await service.get("/api/v1/submissions", authorised: false)
        #expect(missing.status == 401)
        #expect(missing.header("Content-Type") == "application/problem+json")
        #expect(missing.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        let wrong = try await service.get("/api/v1/submissions", authorised: false, headers: ["Authorization": "Bearer apr_not-a-token"])
        #expect(wrong.status == 401)
        #expect(wrong.header("WWW-Authenticate")?.contains("invalid_token") == true)
    }

    @Test(arguments: ["POST", "PUT", "PATCH", "DELETE"])
    func everyMethodButGetAndHeadIs405WithAllow(method: String) async throws {
        let service = try APIService()
        let answer = try await service.get("/api/v1/submissions", method: method)
        #expect(answer.status == 405)
        #expect(answer.header("Allow") == "GET, HEAD")
        #expect(answer.header("Content-Type") == "application/problem+json")
    }

    @Test func headAnswersLikeGetWithoutABody() async throws {
        let service = try APIService()
        let head = try await service.get("/api/v1/cycles", method: "HEAD")
        let get = try await service.get("/api/v1/cycles")
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(head.header("ETag") == get.header("ETag"))
    }

    @Test func unknownResourcesAndPathsAre404Problems() async throws {
        let service = try APIService()
        for path in ["/api/v1/submissions/nope", "/api/v1/proposals/nope", "/api/v1/registrations/nope", "/api/v1/decisions/nope",
                     "/api/v1/exceptions/nope", "/api/v1/organisations/nope", "/api/v1/cycles/nope", "/api/v1/documents/nope",
                     "/api/v1/nothing-here"] {
            let answer = try await service.get(path)
            #expect(answer.status == 404, "\(path)")
            #expect(answer.header("Content-Type") == "application/problem+json", "\(path)")
            #expect(answer.object["status"] as? Int == 404, "\(path)")
        }
    }

    @Test func aCurrentETagGives304() async throws {
        let service = try APIService()
        let first = try await service.get("/api/v1/submissions?level=3")
        let tag = try #require(first.header("ETag"))
        let again = try await service.get("/api/v1/submissions?level=3", headers: ["If-None-Match": tag])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        #expect(again.header("ETag") == tag)
        let other = try await service.get("/api/v1/submissions?level=3", headers: ["If-None-Match": "\"something-else\""])
        #expect(other.status == 200)
        #expect(try await service.get("/api/v1/submissions?level=3").header("ETag") == tag, "the tag comes from the content")
        #expect(try await service.get("/api/v1/submissions?level=2").header("ETag") != tag)
    }

    @Test func theRateLimitAnswers429WithRetryAfterPerToken() async throws {
        // One request back every 10,000 s: however slow the machine, none comes back during the test.
        let service = try APIService(rateLimit: APIRateLimit(perSecond: 0.0001, burst: 3))
        for _ in 0..<3 { #expect(try await service.get("/api/v1/routes").status == 200) }
        let refused = try await service.get("/api/v1/routes")
        #expect(refused.status == 429)
        #expect(refused.header("Content-Type") == "application/problem+json")
        let wait = try #require(refused.header("Retry-After").flatMap(Int.init))
        #expect(wait >= 9_000 && wait <= 10_000)
    }

    @Test func theBucketRefillsWithTime() {
        let limit = APIRateLimit(perSecond: 2, burst: 2)
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(limit.take("a", at: start) == nil)
        #expect(limit.take("a", at: start) == nil)
        #expect(limit.take("a", at: start) == 1)
        #expect(limit.take("b", at: start) == nil, "each token has its own bucket")
        #expect(limit.take("a", at: start.addingTimeInterval(0.5)) == nil)
    }

    @Test func theOpenAPIDocumentAndReferencePageAreServed() async throws {
        let service = try APIService()
        let document = try await service.get("/api/v1/openapi.json", authorised: false)
        #expect(document.status == 200)
        #expect(document.object["openapi"] as? String == "3.1.0")
        let paths = try #require(document.object["paths"] as? [String: Any])
        for path in ["/api/v1/submissions", "/api/v1/submissions/{id}", "/api/v1/changes", "/api/v1/documents/{id}",
                     "/api/v1/cycles/{id}/standards", "/api/v1/approved-qualifications.csv"] {
            #expect(paths[path] != nil, "\(path)")
        }
        let page = try await service.get("/api/v1/docs", authorised: false)
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.text.contains("<code>GET /api/v1/changes</code>"))
    }
}

@Suite struct APIRateLimitSettingTests {
    @Test func theEnvironmentSetsTheLimitAndNonsenseIsIgnored() {
        let set = APIRateLimit.configured(["APPROVALS_API_RATE": "5", "APPROVALS_API_BURST": "7"])
        #expect(set.perSecond == 5 && set.burst == 7)
        let nonsense = APIRateLimit.configured(["APPROVALS_API_RATE": "-1", "APPROVALS_API_BURST": "lots"])
        #expect(nonsense.perSecond == 20 && nonsense.burst == 100)
        let fast = APIRateLimit.configured(["APPROVALS_API_RATE": "1000"])
        #expect(fast.burst == 5000)
    }
}

@Suite struct APIAttributionTests {
    @Test func everyCallIsLoggedWithItsTokensNameAndTheRequestId() async throws {
        let log = APILogRecorder()
        let service = try APIService(log: log)
        let answer = try await service.get("/api/v1/submissions?level=3")
        let requestID = try #require(answer.header("X-Request-Id"))
        let call = try #require(log.recorded.first { $0.message == "API call" && $0.metadata["request_id"] == requestID })
        #expect(call.metadata["api_client"] == "Ofqual sync")
        #expect(call.metadata["route"] == "/api/v1/submissions")
        #expect(call.metadata["token_id"]?.hasPrefix("token:") == true)
        // The access log line of the same request carries the same id, so the two join.
        #expect(log.recorded.contains { $0.metadata["request_id"] == requestID && $0.metadata["status"] == "200" })
        // Never the token itself.
        #expect(!log.recorded.contains { $0.metadata.values.contains { $0.contains(service.token) } })
    }
}
