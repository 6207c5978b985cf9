import Testing
@testable import HTTPServer

@Suite struct PercentDecodingTests {
    @Test(arguments: [
        ("plain", false, "plain"),
        ("a%20b", false, "a b"),
        ("a+b", false, "a+b"),
        ("a+b", true, "a b"),
        ("%2B", true, "+"),
        ("%C3%A9t%c3%a9", false, "été"),
        ("%2e%2E", false, ".."),
        ("%2F", false, "/"),
    ])
    func decodes(text: String, plusAsSpace: Bool, expected: String) throws {
        #expect(try PercentDecoding.decode(text, plusAsSpace: plusAsSpace) == expected)
    }

    @Test(arguments: [
        ("%", PercentDecoding.Failure.invalidEscape),
        ("%4", .invalidEscape),
        ("%zz", .invalidEscape),
        ("a%g0", .invalidEscape),
        ("%00", .nulByte),
        ("a\u{0}b", .nulByte),
        ("%FF", .invalidUTF8),
        ("%C3", .invalidUTF8),
        ("%C0%AF", .invalidUTF8),  // overlong "/"
    ])
    func refuses(text: String, failure: PercentDecoding.Failure) {
        #expect(throws: failure) { try PercentDecoding.decode(text) }
    }

    @Test func encodeRoundTrips() throws {
        let text = "a b/c?d=é&+%"
        #expect(PercentDecoding.encode(text) == "a%20b%2Fc%3Fd%3D%C3%A9%26%2B%25")
        #expect(try PercentDecoding.decode(PercentDecoding.encode(text)) == text)
        #expect(try PercentDecoding.decode(PercentDecoding.encode(text, spaceAsPlus: true), plusAsSpace: true) == text)
    }
}
