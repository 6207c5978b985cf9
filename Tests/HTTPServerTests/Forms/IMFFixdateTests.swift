import Testing
@testable import HTTPServer

@Suite struct IMFFixdateTests {
    @Test(arguments: [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (4_102_444_799, "Thu, 31 Dec 2099 23:59:59 GMT"),
    ])
    func formatsAndParses(seconds: Int, text: String) {
        #expect(IMFFixdate.format(secondsSince1970: seconds) == text)
        #expect(IMFFixdate.parse(text) == seconds)
    }

    @Test(arguments: [
        "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT", "", "Sun, 06 Nov 1994 25:49:37 GMT",
    ])
    func refusesOtherForms(text: String) {
        #expect(IMFFixdate.parse(text) == nil)
    }
}
