/// Small text helpers in pure Swift. Foundation's `trimmingCharacters` and `CharacterSet` searches
/// bridge through NSString on Linux and were most of a transition's cost (measured with callgrind),
/// so the checks that run on every submit use these instead.
extension StringProtocol {
    /// True when the text is empty or only white space.
    var isBlank: Bool { unicodeScalars.allSatisfy { $0.properties.isWhitespace } }

}

extension String {
    /// The text without leading and trailing white space (a slice copied once, not rebuilt).
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }

    /// Runs of letters and digits, e.g. the words of a title. Slices the string rather than
    /// rebuilding each word scalar by scalar.
    var words: [String] {
        var result: [String] = []
        let scalars = unicodeScalars
        var start: String.Index?
        var index = scalars.startIndex
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let isWordScalar = scalar.isASCII
                ? (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
                : (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
            if isWordScalar {
                if start == nil { start = index }
            } else if let wordStart = start {
                result.append(String(self[wordStart..<index]))
                start = nil
            }
            index = scalars.index(after: index)
        }
        if let wordStart = start { result.append(String(self[wordStart...])) }
        return result
    }
}

/// Zero-padded decimal, e.g. `padded(7, 2)` is "07"; cheaper than `String(format:)`.
func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
