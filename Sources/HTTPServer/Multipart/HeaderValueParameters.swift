/// A header value of the form `main-value *( ";" name "=" ( token / quoted-string ) )`, as used by
/// Content-Type (RFC 9110 §5.6.6) and Content-Disposition (RFC 6266).
///
/// Parameter names are lowercased; values are unquoted. Inside a quoted string a backslash escapes
/// only `"` and `\`: other backslashes are kept, because old browsers send Windows paths such as
/// `C:\Users\me\cv.pdf` unescaped, and dropping those backslashes would glue the path together.
struct HeaderValueParameters: Equatable {
    /// The part before the first `;`, trimmed and lowercased (`multipart/form-data`, `form-data`).
    var value: String
    /// Parameters in the order sent.
    var parameters: [(name: String, value: String)]

    static func == (lhs: HeaderValueParameters, rhs: HeaderValueParameters) -> Bool {
        lhs.value == rhs.value && lhs.parameters.elementsEqual(rhs.parameters, by: { $0 == $1 })
    }

    /// The first parameter called `name` (given in lowercase).
    func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// Parses `text`; returns nil when it does not follow the grammar (the caller says why it matters).
    init?(parsing text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        func skipWhitespace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        }
        skipWhitespace()
        let valueStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: ";") { index += 1 }
        var valueEnd = index
        while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        guard valueEnd > valueStart,
            bytes[valueStart..<valueEnd].allSatisfy({ HeaderValueParameters.isTokenByte($0) || $0 == UInt8(ascii: "/") })
        else { return nil }
        value = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self).lowercased()
        parameters = []
        while index < bytes.count {
            // At a ";": skip it and any whitespace; tolerate a trailing ";" and empty parameters.
            index += 1
            skipWhitespace()
            if index == bytes.count { break }
            if bytes[index] == UInt8(ascii: ";") { continue }
            let nameStart = index
            while index < bytes.count, HeaderValueParameters.isTokenByte(bytes[index]) { index += 1 }
            guard index > nameStart else { return nil }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return nil }
            index += 1
            skipWhitespace()
            var parameterValue: [UInt8] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                index += 1
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\"") {
                        closed = true
                        index += 1
                        break
                    }
                    if byte == UInt8(ascii: "\\"), index + 1 < bytes.count,
                        bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "\\")
                    {
                        parameterValue.append(bytes[index + 1])
                        index += 2
                        continue
                    }
                    parameterValue.append(byte)
                    index += 1
                }
                guard closed else { return nil }
            } else {
                while index < bytes.count, HeaderValueParameters.isTokenByte(bytes[index]) {
                    parameterValue.append(bytes[index])
                    index += 1
                }
                guard !parameterValue.isEmpty else { return nil }
            }
            skipWhitespace()
            guard index == bytes.count || bytes[index] == UInt8(ascii: ";") else { return nil }
            parameters.append((name, String(decoding: parameterValue, as: UTF8.self)))
        }
    }

    /// RFC 9110 tchar.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
