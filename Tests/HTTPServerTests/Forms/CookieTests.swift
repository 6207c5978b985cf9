import Testing
@testable import HTTPServer

@Suite struct CookieTests {
    @Test func parsesCookieHeader() {
        let cookies = RequestCookies(headerValues: ["session=abc123; theme=\"dark\";  lang = en ;bad; =novalue; session=older"])
        #expect(cookies["session"] == "abc123")
        #expect(cookies.values("session") == ["abc123", "older"])
        #expect(cookies["theme"] == "dark")
        #expect(cookies["lang"] == "en")
        #expect(cookies["bad"] == nil)
        #expect(cookies.cookies.count == 4)
        #expect(cookies["Session"] == nil, "names are case-sensitive")
    }

    @Test func parsesSeveralHeaderFields() {
        let cookies = RequestCookies(headerValues: ["a=1", "b=2"])
        #expect(cookies["a"] == "1" && cookies["b"] == "2")
    }

    @Test func buildsSetCookieWithEveryAttribute() throws {
        let cookie = try SetCookie(
            name: "session", value: "abc123", path: "/app", domain: "example.gov.uk", maxAge: 3600,
            expires: 784_111_777, secure: true, httpOnly: true, sameSite: .strict)
        #expect(
            cookie.headerValue
                == "session=abc123; Path=/app; Domain=example.gov.uk; Max-Age=3600; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Secure; HttpOnly; SameSite=Strict"
        )
    }

    @Test func defaultsAreSafeAndRemovalExpires() throws {
        #expect(try SetCookie(name: "a", value: "b").headerValue == "a=b; Path=/; Secure; HttpOnly; SameSite=Lax")
        #expect(
            try SetCookie.removal(name: "a").headerValue
                == "a=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=Lax")
    }

    @Test(arguments: ["a;b", "a b", "", "a=b", "é", "a\u{1}"])
    func refusesInvalidNames(name: String) {
        #expect(throws: SetCookie.Failure.invalidName) { try SetCookie(name: name, value: "v") }
    }

    @Test(arguments: ["a;b", "a b", "a,b", "a\\b", "a\"b", "é", "x\r\nSet-Cookie: evil=1"])
    func refusesInvalidValues(value: String) {
        #expect(throws: SetCookie.Failure.invalidValue) { try SetCookie(name: "n", value: value) }
    }

    @Test func acceptsQuotedValue() throws {
        #expect(try SetCookie(name: "n", value: "\"abc\"").headerValue.hasPrefix("n=\"abc\";"))
    }

    @Test func refusesInsecureCombinations() {
        #expect(throws: SetCookie.Failure.insecureCombination("SameSite=None needs Secure")) {
            try SetCookie(name: "n", value: "v", secure: false, sameSite: SetCookie.SameSite.none)
        }
        #expect(throws: SetCookie.Failure.self) { try SetCookie(name: "__Secure-n", value: "v", secure: false) }
        #expect(throws: SetCookie.Failure.self) { try SetCookie(name: "__Host-n", value: "v", path: "/app") }
        #expect(throws: SetCookie.Failure.self) { try SetCookie(name: "__Host-n", value: "v", domain: "a.uk") }
        #expect(throws: SetCookie.Failure.invalidAttribute("Path")) { try SetCookie(name: "n", value: "v", path: "/;x") }
        #expect(throws: SetCookie.Failure.invalidAttribute("Domain")) {
            try SetCookie(name: "n", value: "v", domain: "a.uk\r\nX: y")
        }
    }
}
