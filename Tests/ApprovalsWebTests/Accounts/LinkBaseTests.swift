import HTTPServer
import Testing
@testable import ApprovalsWeb

/// Links in messages (invitations, password resets) carry single-use tokens: where they point must
/// never be chosen by whoever sends the request.
@Suite struct LinkBaseTests {
    let forged = HTTPRequest(head: RequestHead(method: .post, target: "/account/reset-password", headers: ["Host": "evil.example"]))

    @Test func aForgedHostHeaderNeverReachesALink() {
        var settings = AccountSettings()
        settings.publicBaseURL = "https://approvals.example.gov.uk/"
        #expect(forged.linkBase(settings) == "https://approvals.example.gov.uk")
        settings.publicBaseURL = nil
        #expect(!forged.linkBase(settings).contains("evil.example"))
    }
}
