/// Byte classes of RFC 9110 §5.6 used by the parser, as a lookup table so the hot loops do one load.
enum HTTPSyntax {
    static let carriageReturn: UInt8 = 0x0D
    static let lineFeed: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A

    /// tchar: "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
    /// / DIGIT / ALPHA.
    static let tokenTable: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for byte in "!#$%&'*+-.^_`|~".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// The same set as `tokenTable`, as two 64-bit masks: a shift and a test, with no lazily
    /// initialised global or bounds check on the path of every header byte. A test checks the two agree.
    static let tokenMaskLow: UInt64 = 0x03FF_6CFA_0000_0000
    static let tokenMaskHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    @inline(__always)
    static func isToken(_ byte: UInt8) -> Bool {
        byte < 64 ? (tokenMaskLow >> UInt64(byte)) & 1 == 1
            : byte < 128 ? (tokenMaskHigh >> UInt64(byte &- 64)) & 1 == 1 : false
    }

    /// field-vchar / SP / HTAB: visible ASCII, obs-text (0x80...0xFF), space and tab. No other controls.
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte >= 0x20 ? byte != 0x7F : byte == tab
    }

    /// Bytes allowed in a request target: visible ASCII except "#" (fragments are never sent).
    @inline(__always)
    static func isTargetByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "#")
    }

    /// Bytes of `uri-host [ ":" port ]` (RFC 3986): unreserved, sub-delims, `%`, `:` and the brackets
    /// of an IPv6 literal. Rules out spaces, `/`, `@`, `?` and `#`, which would change what a URL means.
    static let hostTable: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for byte in "-._~!$&'()*+,;=%:[]".utf8 { table[Int(byte)] = true }
        return table
    }()

    @inline(__always)
    static func isHostByte(_ byte: UInt8) -> Bool { hostTable[Int(byte)] }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte &- UInt8(ascii: "a") &+ 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte &- UInt8(ascii: "A") &+ 10)
        default: nil
        }
    }
}
