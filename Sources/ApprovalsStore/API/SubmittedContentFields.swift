#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Where the three fields a submissions list shows from a submitted version's content (`category`,
/// `level`, `route`) are in that content's JSON text, found by one pass over its top level.
///
/// SQLite's `json_extract` parsed the whole content (two kilobytes, mostly the KSB mapping) into
/// nodes for each row of a page; this only steps over nested values and strings. Anything it does not
/// read the way `json_extract` then `APIRows` would (an escaped string, a number that is not a plain
/// integer, a nested value, a duplicated key, text that is not a JSON object) makes it `unusual`, and
/// the caller asks SQLite for that row instead, so the bytes never differ from the general path's.
struct SubmittedContentFields {
    enum Value: Equatable {
        case absent
        /// A JSON string without escapes: the bytes between its quotes.
        case text(Range<Int>)
        /// A JSON integer without fraction or exponent: its digits (and sign).
        case integer(Range<Int>)
        case null
        case bool(Bool)
    }

    private(set) var category = Value.absent
    private(set) var level = Value.absent
    private(set) var route = Value.absent
    private(set) var unusual = false

    /// True when every field is in a form written here as the general path would write it: the
    /// text fields a plain string, null or absent; the level a plain integer, null or absent.
    var plain: Bool {
        func isText(_ value: Value) -> Bool { if case .integer = value { false } else if case .bool = value { false } else { true } }
        func isNumber(_ value: Value) -> Bool { if case .text = value { false } else if case .bool = value { false } else { true } }
        return !unusual && isText(category) && isText(route) && isNumber(level)
    }

    init(_ json: UnsafeBufferPointer<UInt8>) {
        var scanner = Scanner(json)
        scanner.skipSpace()
        guard scanner.take(UInt8(ascii: "{")) else { unusual = true; return }
        while true {
            scanner.skipSpace()
            if scanner.take(UInt8(ascii: "}")) { return }
            guard let (key, escapedKey) = scanner.string(), !escapedKey else { unusual = true; return }
            scanner.skipSpace()
            guard scanner.take(UInt8(ascii: ":")) else { unusual = true; return }
            scanner.skipSpace()
            let name = UnsafeBufferPointer(rebasing: json[key])
            let wanted = name.elementsEqual("category".utf8) ? 1 : name.elementsEqual("level".utf8) ? 2 : name.elementsEqual("route".utf8) ? 3 : 0
            let found = scanner.value()
            if wanted != 0 {
                // A wanted key whose value this reader does not keep (or seen twice): leave it to SQLite.
                guard let found else { unusual = true; return }
                switch wanted {
                case 1: guard category == .absent else { unusual = true; return }; category = found
                case 2: guard level == .absent else { unusual = true; return }; level = found
                default: guard route == .absent else { unusual = true; return }; route = found
                }
            }
            scanner.skipSpace()
            if scanner.take(UInt8(ascii: ",")) { continue }
            guard scanner.take(UInt8(ascii: "}")) else { unusual = true; return }
            return
        }
    }

    /// A position in JSON text. Strings are stepped over with `memchr` (most of a content's bytes
    /// are in strings: the KSB mapping, the evidence of demand).
    private struct Scanner {
        let json: UnsafeBufferPointer<UInt8>
        var index = 0

        init(_ json: UnsafeBufferPointer<UInt8>) { self.json = json }

        mutating func skipSpace() {
            while index < json.count, json[index] == 0x20 || json[index] == 0x0A || json[index] == 0x0D || json[index] == 0x09 { index += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < json.count, json[index] == byte else { return false }
            index += 1
            return true
        }

        /// Steps over the string whose opening quote is at `index`: the range inside the quotes and
        /// whether it holds an escape. Nil when there is no string here or it does not end.
        mutating func string() -> (Range<Int>, escaped: Bool)? {
            guard index < json.count, json[index] == UInt8(ascii: "\""), let base = json.baseAddress else { return nil }
            let start = index + 1
            var from = start
            var escaped = false
            while from < json.count {
                guard let found = memchr(base + from, Int32(UInt8(ascii: "\"")), json.count - from) else { return nil }
                let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                // The quote ends the string unless an odd number of backslashes stands before it.
                var backslashes = 0
                while quote - backslashes - 1 >= start, json[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
                if !escaped, memchr(base + from, Int32(UInt8(ascii: "\\")), quote - from) != nil { escaped = true }
                if backslashes % 2 == 0 {
                    index = quote + 1
                    return (start..<quote, escaped)
                }
                from = quote + 1
            }
            return nil
        }

        /// Steps over any value at `index`; returns what `SubmittedContentFields` keeps of it (nil for
        /// nested values, escaped strings and anything malformed).
        mutating func value() -> Value? {
            guard index < json.count else { return nil }
            switch json[index] {
            case UInt8(ascii: "\""):
                guard let (range, escaped) = string() else { return nil }
                return escaped ? nil : .text(range)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while index < json.count {
                    switch json[index] {
                    case UInt8(ascii: "\""): guard string() != nil else { return nil }; continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 { index += 1; return nil }
                    default: break
                    }
                    index += 1
                }
                return nil
            default:
                let start = index
                while index < json.count, json[index] != UInt8(ascii: ","), json[index] != UInt8(ascii: "}"), json[index] != 0x20,
                      json[index] != 0x0A, json[index] != 0x0D, json[index] != 0x09 { index += 1 }
                let literal = UnsafeBufferPointer(rebasing: json[start..<index])
                if literal.elementsEqual("null".utf8) { return .null }
                if literal.elementsEqual("true".utf8) { return .bool(true) }
                if literal.elementsEqual("false".utf8) { return .bool(false) }
                let digits = literal.first == UInt8(ascii: "-") ? literal.dropFirst() : literal[...]
                guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
                return .integer(start..<index)
            }
        }
    }
}
