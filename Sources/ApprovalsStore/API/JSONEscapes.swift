/// Whether UTF-8 text can go into a JSON string as it is: RFC 8259 asks for an escape only for the
/// quote, the backslash and the control characters below U+0020.
///
/// Read eight bytes at a time (the page's text is mostly ASCII identifiers, dates and titles): for a
/// word `x`, `(x - 0x20 in every byte) & ~x & 0x80 in every byte` is non-zero exactly when some byte
/// is below 0x20, and the same with `x ^ 0x22…` or `x ^ 0x5C…` and 0x01 finds a byte equal to the
/// quote or the backslash. A borrow can only mark bytes above a true hit, so "any mark" is exact;
/// bytes of 0x80 and more (multi-byte characters) are never marked.
enum JSONEscapes {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    static func noneNeeded(_ text: UnsafeRawBufferPointer) -> Bool {
        let count = text.count
        var offset = 0
        while offset + 8 <= count {
            let word = text.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let control = (word &- ones &* 0x20) & ~word
            let marks = (control | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highs
            if marks != 0 { return false }
            offset += 8
        }
        while offset < count {
            let byte = text[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            offset += 1
        }
        return true
    }
}
