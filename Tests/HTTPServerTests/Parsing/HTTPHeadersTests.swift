import Testing
@testable import HTTPServer

/// The ordered, duplicate-keeping header list the parser produces and handlers edit.
@Suite struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndKeepsDuplicates() {
        let headers: HTTPHeaders = ["Set-Cookie": "a=1", "Content-Type": "text/plain", "set-cookie": "b=2"]
        #expect(headers.first("SET-COOKIE") == "a=1")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers.values("Set-Cookie") == ["a=1", "b=2"])
        #expect(headers.first("Missing") == nil)
    }

    @Test func replaceOrAddKeepsPositionAndDropsOtherDuplicates() {
        var headers: HTTPHeaders = ["A": "1", "B": "2", "a": "3"]
        headers.replaceOrAdd("a", "new")
        #expect(headers.map(\.name) == ["A", "B"])
        #expect(headers.first("A") == "new")
        headers.replaceOrAdd("C", "4")
        #expect(headers.map(\.value) == ["new", "2", "4"])
    }

    @Test func subscriptSetAndRemove() {
        var headers = HTTPHeaders()
        headers["X"] = "1"
        headers.add("x", "2")
        #expect(headers.count == 2)
        headers["X"] = nil
        #expect(headers.isEmpty)
        headers.add("Y", "1")
        headers.remove("y")
        #expect(headers.isEmpty)
    }

    @Test func listElementsSplitTrimAndSkipEmpties() {
        let headers: HTTPHeaders = ["Connection": " keep-alive ,, Upgrade", "connection": "close"]
        #expect(headers.listElements("Connection") == ["keep-alive", "Upgrade", "close"])
        #expect(headers.containsToken("CLOSE", in: "connection"))
        #expect(!headers.containsToken("up", in: "Connection"))
    }

    @Test func requestHeadSplitsTargets() {
        let origin = RequestHead(method: .get, target: "/a/b?c=d?e")
        #expect(origin.path == "/a/b")
        #expect(origin.query == "c=d?e")
        let absolute = RequestHead(method: .get, target: "http://h:1?q")
        #expect(absolute.authority == "h:1")
        #expect(absolute.path == "/")
        #expect(absolute.query == "q")
        let emptyQuery = RequestHead(method: .get, target: "/x?")
        #expect(emptyQuery.query == "")
    }
}
