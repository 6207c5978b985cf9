/// Strict percent-decoding (RFC 3986 §2.1) for paths, query strings and form bodies.
///
/// The rule: every `%` must be followed by two hex digits, the decoded bytes must be valid UTF-8,
/// and a decoded NUL is refused; anything else is an error, never a guess. This way `%zz`, a lone
/// `%`, overlong or truncated UTF-8 and `%00` all get the same clear answer (400) instead of reaching
/// a handler or a file system call in some half-decoded form.
public enum PercentDecoding {
    /// Why a percent-encoded text was refused.
    public enum Failure: Error, Equatable, Sendable {
        /// A `%` not followed by two hex digits.
        case invalidEscape
        /// The decoded bytes are not UTF-8.
        case invalidUTF8
        /// The decoded text contains NUL.
        case nulByte
    }

    /// Decodes `text`; with `plusAsSpace`, `+` means a space (application/x-www-form-urlencoded).
    public static func decode<Text: StringProtocol>(
        _ text: Text, plusAsSpace: Bool = false
    ) throws(Failure) -> String {
        let utf8 = text.utf8
        // The common case: nothing to decode.
        if !utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) || $0 == 0 }) {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw .invalidEscape
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusAsSpace:
                bytes.append(0x20)
            default:
                bytes.append(byte)
            }
        }
        guard !bytes.contains(0) else { throw .nulByte }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
        return decoded
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Percent-encodes every byte outside RFC 3986's unreserved set (for building URLs and cookies);
    /// with `spaceAsPlus`, a space becomes `+` as in form bodies.
    public static func encode(_ text: String, spaceAsPlus: Bool = false) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case 0x20 where spaceAsPlus:
                result.unicodeScalars.append("+")
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let digits = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(digits[Int(byte >> 4)])
                result.unicodeScalars.append(digits[Int(byte & 0x0F)])
            }
        }
        return result
    }
}
