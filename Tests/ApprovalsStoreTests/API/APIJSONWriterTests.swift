@testable import ApprovalsStore
import Testing

/// The byte writer behind the API's busiest answers must give the general writer's bytes for any
/// string and `String(value)`'s digits, written into its pre-sized buffer as it grows.
@Suite struct APIJSONWriterTests {
    /// Every byte that needs an escape, at every position of a short text, and text that
    /// needs none (ASCII, multi-byte characters, bytes just above the escaped ones).
    static let strings: [String] = {
        var strings = ["", "a", "Level 3 Technical Qualification", "café — 2026 ✓", "\u{7F}\u{80} !#[]", String(repeating: "x", count: 100)]
        for special in ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}"] {
            for position in 0..<17 {
                strings.append(String(repeating: "a", count: position) + special + String(repeating: "é", count: 17 - position))
            }
        }
        return strings
    }()

    @Test(arguments: strings)
    func stringsHaveTheGeneralWritersBytes(text: String) {
        var json = APIJSON(capacity: 1)
        json.string(text)
        #expect(json.bytes == APIValue.string(text).jsonBytes)
        #expect(json.finished() == APIValue.string(text).jsonBytes)
    }

    @Test func finishingHandsOverExactlyWhatWasWrittenAndLeavesTheWriterEmpty() {
        var json = APIJSON(capacity: 64)
        json.raw("{\"items\":")
        json.string("a\"b")
        let first = json.finished()
        #expect(first == Array("{\"items\":\"a\\\"b\"".utf8))
        #expect(json.count == 0 && json.bytes.isEmpty)
        // The writer can be used again, and what it writes now is not in the array handed over.
        json.raw("[1]")
        #expect(json.finished() == Array("[1]".utf8))
        #expect(first == Array("{\"items\":\"a\\\"b\"".utf8))
    }

    @Test func integersHaveTheirDecimalDigits() {
        let values: [Int64] = [0, 7, 9, 10, 99, 100, -1, -10, 1_234_567_890, .max, .min, .min + 1]
        var json = APIJSON(capacity: 1)
        for (index, value) in values.enumerated() {
            if index > 0 { json.raw(",") }
            json.int(value)
        }
        #expect(String(decoding: json.bytes, as: UTF8.self) == values.map(String.init).joined(separator: ","))
    }

    @Test func aPageLongerThanTheRoomGrowsAndKeepsWhatWasWritten() {
        var json = APIJSON(capacity: 8)
        var expected: [UInt8] = []
        for index in 0..<1_000 {
            json.string("item \(index)")
            APIValue.writeString("item \(index)", into: &expected)
        }
        #expect(json.bytes == expected)
    }
}
