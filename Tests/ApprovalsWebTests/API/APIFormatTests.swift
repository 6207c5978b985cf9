import Foundation
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Testing

/// The small formats of the API: cursors, CSV fields, snake_case names and entity-tag matching.
@Suite struct APIFormatTests {
    @Test(arguments: [Int64(0), 1, 49, 1_000_000, Int64.max])
    func cursorsRoundTripAndLookOpaque(position: Int64) {
        let cursor = APICursor.encode(position)
        #expect(APICursor.decode(cursor) == position)
        #expect(!cursor.contains(String(position)) || position < 10)
        #expect(cursor.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    @Test(arguments: ["", "12", "c12", "djEuLTE", "djIuMw", "!!!", String(repeating: "A", count: 65)])
    func cursorsWeDidNotMakeAreRefused(text: String) {
        #expect(APICursor.decode(text) == nil)
    }

    @Test func csvFieldsAreQuotedAndNeverFormulas() {
        #expect(APICSV.field("plain") == "plain")
        #expect(APICSV.field("a,b") == "\"a,b\"")
        #expect(APICSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(APICSV.field("two\nlines") == "\"two\nlines\"")
        #expect(APICSV.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(APICSV.field("+1") == "'+1")
        #expect(APICSV.field("@SUM") == "'@SUM")
    }

    @Test func domainNamesBecomeSnakeCase() {
        #expect(APIValue.snakeCase("guidedLearningHours") == "guided_learning_hours")
        #expect(APIValue.snakeCase("proposalID") == "proposal_id")
        #expect(APIValue.snakeCase("ksbMapping") == "ksb_mapping")
        #expect(APIValue.snakeCase("title") == "title")
        #expect(APIValue.snakeCase("URLForSSA") == "url_for_ssa")
    }

    @Test func domainJSONKeepsBooleansNumbersAndNesting() {
        let value = APIValue.fromDomainJSON(#"{"proposalFirst":true,"hours":360,"items":[{"ageGroups":["adult"]}],"none":null}"#)
        #expect(value == .object(["proposal_first": .bool(true), "hours": .int(360),
                                  "items": .array([.object(["age_groups": .array([.string("adult")])])]), "none": .null]))
        #expect(APIValue.fromDomainJSON("not json") == nil)
        #expect(APIValue.fromDomainJSON(nil) == nil)
    }

    @Test func ifNoneMatchComparesWeaklyAndAcceptsAStar() {
        #expect(APIRepresentation.matches(["\"abc\""], "\"abc\""))
        #expect(APIRepresentation.matches(["W/\"abc\""], "\"abc\""))
        #expect(APIRepresentation.matches(["\"x\"", " \"abc\" "], "\"abc\""))
        #expect(APIRepresentation.matches(["*"], "\"abc\""))
        #expect(!APIRepresentation.matches(["\"abd\""], "\"abc\""))
        #expect(!APIRepresentation.matches([], "\"abc\""))
    }
}

@Suite struct APISerializationTests {
    @Test func handWrittenJSONReadsBackAsWhatFoundationReads() throws {
        let value = APIValue.object([
            "b": .array([.int(-3), .bool(false), .null, .string("quote \" slash \\ / line\nfeed\ttab \u{01} é ✓")]),
            "a": .object(["z": .int(Int64.max), "y": .string("")]), "aa": .string("x"),
        ])
        let bytes = value.jsonBytes
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("{\"a\":{\"y\":\"\",\"z\":9223372036854775807},\"aa\":\"x\",\"b\":[-3,false,null,"))
        let foundation = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        let list = try #require(foundation?["b"] as? [Any])
        #expect(list.last as? String == "quote \" slash \\ / line\nfeed\ttab \u{01} é ✓")
        #expect(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(value)) as? NSDictionary
                == foundation.map { NSDictionary(dictionary: $0) })
    }
}
