@testable import ApprovalsStore
import GRDB
import Testing

/// The submissions page reads `category`, `level` and `route` from a version's content without
/// `json_extract`: what it writes must be what `json_extract` then `APIRows` write, and whatever it
/// does not read that way it must leave to SQLite (not `plain`).
@Suite struct SubmittedContentFieldsTests {
    static let samples: [(String, plain: Bool)] = [
        (#"{"category":"occupational_entry","level":3,"route":"digital"}"#, true),
        (#" { "level" : -0 , "x" : {"category":"no","level":[1,{"route":"]}"}]} , "category" : "c", "route" : null } "#, true),
        (#"{"ksbMapping":[{"a":"\"}"}],"category":"é ü ☃","level":12}"#, true),
        (#"{"title":"Level 3"}"#, true),
        (#"{"x":"a\"b\\","category":"c"}"#, true),
        (#"{"x":"\\\"","level":1,"y":["\\"],"route":"r"}"#, true),
        (#"{"category":"a\"b","level":3}"#, false),
        (#"{"route":"d\/e"}"#, false),
        (#"{"level":3.0}"#, false),
        (#"{"level":"3"}"#, false),
        (#"{"level":true}"#, false),
        (#"{"category":7}"#, false),
        (#"{"category":{"code":"x"}}"#, false),
        (#"{"category":"a","category":"b"}"#, false),
        (#"[{"category":"a"}]"#, false),
        (#"{"category":"a""#, false),
    ]

    @Test(arguments: samples)
    func plainContentIsWrittenAsJSONExtractReadsIt(sample: (String, plain: Bool)) throws {
        let (text, plain) = sample
        let bytes = Array(text.utf8)
        let fields = bytes.withUnsafeBufferPointer { SubmittedContentFields($0) }
        #expect(fields.plain == plain, "\(text)")
        guard plain else { return }
        var fast = APIJSON()
        bytes.withUnsafeBufferPointer { source in
            fast.raw("[")
            fast.write(fields.category, from: source)
            fast.raw(",")
            fast.write(fields.level, from: source)
            fast.raw(",")
            fast.write(fields.route, from: source)
            fast.raw("]")
        }
        let row = try #require(try DatabaseQueue().read { db in try Row.fetchOne(db, sql: SubmissionColumns.extractSQL, arguments: [text]) })
        let general = APIValue.array([APIRows.text(row, "category"), APIRows.number(row, "level"), APIRows.text(row, "route")]).jsonBytes
        #expect(fast.bytes == general, "\(text)")
    }
}
