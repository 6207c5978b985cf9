import Testing
@testable import HTTPServer

@Suite struct HTTPSyntaxTests {
    @Test("the token masks hold exactly the tchar set of RFC 9110 §5.6.2, as the table does")
    func tokenMasksMatchTheTable() {
        let tchars = Set("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(HTTPSyntax.isToken(byte) == tchars.contains(byte), "byte \(byte)")
            #expect(HTTPSyntax.tokenTable[Int(byte)] == tchars.contains(byte), "byte \(byte)")
        }
    }

    @Test("response fields: framing fields and Date are the server's own, bad names and values are dropped")
    func responseFieldOutcomes() {
        var output: [UInt8] = []
        #expect(ResponseField.append(name: "X-Thing", value: "a\tb", to: &output) == .written)
        #expect(String(decoding: output, as: UTF8.self) == "X-Thing: a\tb\r\n")
        for name in ["content-LENGTH", "Transfer-Encoding", "connection", "DATE"] {
            #expect(ResponseField.append(name: name, value: "1", to: &output) == .serversOwn)
        }
        #expect(ResponseField.append(name: "Datf", value: "1", to: &output) == .written)
        #expect(ResponseField.append(name: "Bad Name", value: "1", to: &output) == .dropped)
        #expect(ResponseField.append(name: "", value: "1", to: &output) == .dropped)
        #expect(ResponseField.append(name: "X-Split", value: "a\r\nSet-Cookie: x=1", to: &output) == .dropped)
        #expect(String(decoding: output, as: UTF8.self) == "X-Thing: a\tb\r\nDatf: 1\r\n")
    }
}
