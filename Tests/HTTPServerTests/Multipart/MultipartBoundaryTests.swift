import Testing
@testable import HTTPServer

@Suite struct MultipartBoundaryTests {
    @Test(arguments: [
        ("multipart/form-data; boundary=abc", "abc"),
        ("multipart/form-data; boundary=\"a b:c\"", "a b:c"),
        ("Multipart/Form-Data ; charset=utf-8; BOUNDARY=----WebKitFormBoundaryx7", "----WebKitFormBoundaryx7"),
        ("multipart/form-data; boundary=\"\(String(repeating: "x", count: 70))\"", String(repeating: "x", count: 70)),
    ])
    func readsBoundary(contentType: String, expected: String) throws {
        #expect(try MultipartBoundary(contentType: contentType).value == expected)
    }

    @Test(arguments: [
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=\"\(String(repeating: "x", count: 71))\"",
        "multipart/form-data; boundary=\"ends with space \"",
        "multipart/form-data; boundary=\"semi;colon\"",
        "multipart/form-data; boundary=\"tab\there\"",
        "multipart/form-data; boundary=\"unclosed",
    ])
    func refusesInvalidBoundary(contentType: String) {
        #expect(throws: MultipartError.invalidBoundary) { try MultipartBoundary(contentType: contentType) }
    }

    @Test(arguments: ["application/x-www-form-urlencoded", "multipart/mixed; boundary=a", "", "text/plain;;"])
    func refusesOtherMediaTypes(contentType: String) {
        #expect(throws: MultipartError.notFormData) { try MultipartBoundary(contentType: contentType) }
    }
}
