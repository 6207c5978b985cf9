@testable import ApprovalsWeb
import HTTPServer
import Testing

/// The next link of a page is written from the query as it is when decoding and encoding it again
/// would change nothing; it must be the very link the general path writes, for every query.
@Suite struct APINextLinkTests {
    static let targets = [
        "/api/v1/submissions", "/api/v1/submissions?", "/api/v1/submissions?limit=50", "/api/v1/changes?limit=50&after=djEuMTA",
        "/api/v1/submissions?after=djEuMTA&limit=5&status=submitted", "/api/v1/submissions?limit=5&&level=3&",
        "/api/v1/submissions?route=digital.v2~x_y-z", "/api/v1/submissions?flag", "/api/v1/submissions?a=b=c",
        "/api/v1/submissions?updated_since=2026-03-01T00:00:00Z", "/api/v1/submissions?route=a+b", "/api/v1/submissions?route=%41",
        "/api/v1/submissions?title=caf%C3%A9", "/api/v1/submissions?afterwards=1&after=x",
        "/api/v1/submissions?" + (1...20).map { "f\($0)=1" }.joined(separator: "&"),
        "/api/v1/submissions?" + (1...21).map { "f\($0)=1" }.joined(separator: "&"),
    ]

    @Test(arguments: targets)
    func theLinkIsTheGeneralPathsLink(target: String) {
        let request = HTTPRequest(head: RequestHead(method: .get, target: target))
        #expect(APIListEndpoint.link(request, after: 1234) == APIListEndpoint.encodedLink(request, after: 1234))
    }

    @Test func aPlainQueryTakesTheDirectPath() {
        #expect(APIListEndpoint.plainPairs("limit=5&after=x&status=submitted") == ["limit=5", "status=submitted"])
        #expect(APIListEndpoint.plainPairs("route=a+b") == nil)
    }
}
