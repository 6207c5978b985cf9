import Testing
@testable import HTTPServer

@Suite struct FormFieldsTests {
    @Test func parsesUrlEncodedKeepingOrderAndRepeats() throws {
        let form = try FormFields(urlEncoded: "name=Jo+Bloggs&ksb=K1&ksb=S2&&empty=&flag&note=50%25+off")
        #expect(form.fields.map(\.name) == ["name", "ksb", "ksb", "empty", "flag", "note"])
        #expect(form["name"] == "Jo Bloggs")
        #expect(form.values("ksb") == ["K1", "S2"])
        #expect(form["empty"] == "")
        #expect(form["flag"] == "")
        #expect(form["note"] == "50% off")
        #expect(form["missing"] == nil)
    }

    @Test func splitsOnFirstEqualsOnly() throws {
        #expect(try FormFields(urlEncoded: "token=a=b==")["token"] == "a=b==")
    }

    @Test func refusesBadEscapesAndNul() {
        #expect(throws: FormFields.Failure.invalidEncoding(.invalidEscape)) { try FormFields(urlEncoded: "a=%zz") }
        #expect(throws: FormFields.Failure.invalidEncoding(.nulByte)) { try FormFields(urlEncoded: "a%00=1") }
        #expect(throws: FormFields.Failure.invalidEncoding(.invalidUTF8)) { try FormFields(urlEncoded: "a=%FF") }
    }

    @Test func limitsFieldCount() throws {
        let text = (0..<10).map { "k\($0)=v" }.joined(separator: "&")
        #expect(try FormFields(urlEncoded: text, maxFields: 10).count == 10)
        #expect(throws: FormFields.Failure.tooManyFields(limit: 9)) { try FormFields(urlEncoded: text, maxFields: 9) }
    }

    @Test func encodesBackToTheSameFields() throws {
        var form = FormFields()
        form.append("a b", "c&d=e")
        form.append("é", "+")
        #expect(form.urlEncoded == "a+b=c%26d%3De&%C3%A9=%2B")
        #expect(try FormFields(urlEncoded: form.urlEncoded) == form)
    }
}
