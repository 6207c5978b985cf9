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
        var index = 0
        let count = json.count
        func skipSpace() { while index < count, json[index] == 0x20 || json[index] == 0x0A || json[index] == 0x0D || json[index] == 0x09 { index += 1 } }
        /// Steps over a string whose opening quote is at `index`; returns the range inside the quotes
        /// and whether it held an escape. Nil when the text ends first.
        func string() -> (Range<Int>, escaped: Bool)? {
            let start = index + 1
            var escaped = false
            index = start
            while index < count {
                switch json[index] {
                case UInt8(ascii: "\""): defer { index += 1 }; return (start..<index, escaped)
                case UInt8(ascii: "\\"): escaped = true; index += 2
                default: index += 1
                }
            }
            return nil
        }
        /// Steps over any value at `index`; returns what this reader keeps of it.
        func value() -> Value? {
            guard index < count else { return nil }
            switch json[index] {
            case UInt8(ascii: "\""):
                guard let (range, escaped) = string() else { return nil }
                return escaped ? nil : .text(range)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while index < count {
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
                while index < count, json[index] != UInt8(ascii: ","), json[index] != UInt8(ascii: "}"), json[index] != 0x20,
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
        skipSpace()
        guard index < count, json[index] == UInt8(ascii: "{") else { unusual = true; return }
        index += 1
        while true {
            skipSpace()
            guard index < count else { unusual = true; return }
            if json[index] == UInt8(ascii: "}") { return }
            guard json[index] == UInt8(ascii: "\""), let (key, escapedKey) = string(), !escapedKey else { unusual = true; return }
            skipSpace()
            guard index < count, json[index] == UInt8(ascii: ":") else { unusual = true; return }
            index += 1
            skipSpace()
            let name = UnsafeBufferPointer(rebasing: json[key])
            let wanted = name.elementsEqual("category".utf8) ? 1 : name.elementsEqual("level".utf8) ? 2 : name.elementsEqual("route".utf8) ? 3 : 0
            let found = value()
            if wanted != 0 {
                // A wanted key whose value this reader does not keep (or seen twice): leave it to SQLite.
                guard let found else { unusual = true; return }
                switch wanted {
                case 1: guard category == .absent else { unusual = true; return }; category = found
                case 2: guard level == .absent else { unusual = true; return }; level = found
                default: guard route == .absent else { unusual = true; return }; route = found
                }
            }
            skipSpace()
            guard index < count else { unusual = true; return }
            if json[index] == UInt8(ascii: ",") { index += 1; continue }
            guard json[index] == UInt8(ascii: "}") else { unusual = true; return }
            return
        }
    }
}
