/// The boundary of a multipart/form-data body, taken from the request's Content-Type and checked
/// against RFC 2046 §5.1.1: 1 to 70 characters from `bchars`, the last one not a space.
public struct MultipartBoundary: Sendable, Equatable {
    /// The boundary as declared, without the leading `--`.
    public let value: String

    /// Reads the boundary parameter of a `multipart/form-data` Content-Type (quoted or not).
    public init(contentType: String) throws(MultipartError) {
        let mediaType = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard mediaType.trimmingSpaces().lowercased() == "multipart/form-data" else { throw .notFormData }
        // The media type is right, so a parameter list that does not parse is a bad boundary.
        guard let parsed = HeaderValueParameters(parsing: contentType) else { throw .invalidBoundary }
        guard let boundary = parsed.parameter("boundary") else { throw .invalidBoundary }
        try self.init(boundary)
    }

    /// Checks a bare boundary value.
    public init(_ value: String) throws(MultipartError) {
        let bytes = Array(value.utf8)
        guard (1...70).contains(bytes.count), bytes.last != 0x20,
            bytes.allSatisfy(MultipartBoundary.isBoundaryCharacter)
        else { throw .invalidBoundary }
        self.value = value
    }

    /// The bytes that separate parts inside the body: CRLF, `--`, then the boundary.
    var delimiter: [UInt8] { [0x0D, 0x0A, 0x2D, 0x2D] + Array(value.utf8) }

    /// RFC 2046 bchars: DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_" / "," / "-" / "." / "/" / ":" /
    /// "=" / "?" / " ".
    static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "+"), UInt8(ascii: "_"),
            UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"),
            UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: " "):
            return true
        default:
            return false
        }
    }
}
