import Approvals
import Foundation
import Testing
@testable import ApprovalsWeb

/// `/%61pi/...` is the same path as `/api/...` to the router, so it gets the API's rules too: a
/// session cookie never stands in for a token, only GET and HEAD, and errors as problem+json.
@Suite struct APIPathTests {
    @Test(arguments: ["/%61pi/v1/cycles", "/%61%70%69/v1/cycles", "//api/v1/cycles"])
    func anEncodedAPIPathIsTheAPI(path: String) throws {
        let service = try AccountsService()
        let admin = try service.signedIn("admin@institute.example")
        let withCookieOnly = try admin.get(path)
        #expect(withCookieOnly.status == 401, "a session cookie must not open the API")
        #expect(withCookieOnly.header("Content-Type") == "application/problem+json")
        #expect(try admin.send("POST", path, headers: [:], body: Array("{}".utf8)).status == 405)
        let now = service.clock.now()
        let token = try APITokenIssuer(store: service.accounts.store).create(
            name: "encoded path", expiresAt: now.addingTimeInterval(3600), by: Actor(id: UserID("admin"), roles: [.admin]), at: now).token
        let withToken = try service.client().get(path, headers: ["Authorization": "Bearer \(token)"])
        #expect(withToken.status == 200)
        #expect(withToken.header("Content-Type")?.hasPrefix("application/json") == true)
    }

    @Test func onlyTheFirstSegmentDecidesAndItMustBeExactlyAPI() {
        #expect(APIPath.contains("/api"))
        #expect(APIPath.contains("/api/v1/cycles"))
        #expect(APIPath.contains("/%61pi/v1"))
        #expect(APIPath.contains("/api/%zz"))
        #expect(!APIPath.contains("/apis/v1"))
        #expect(!APIPath.contains("/API/v1"))
        #expect(!APIPath.contains("/assets/api/x"))
        #expect(!APIPath.contains("/"))
        #expect(APIPath.containsTarget("http://example.org/%61pi/v1/cycles?x=1"))
        #expect(!APIPath.containsTarget("http://example.org/users"))
    }
}
