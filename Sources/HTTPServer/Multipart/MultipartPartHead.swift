/// The header block of one part of a multipart/form-data body, with the fields RFC 7578 gives
/// meaning to already read out.
public struct MultipartPartHead: Sendable, Equatable {
    /// One header line of the part, as sent (names keep their case).
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// Every header line of the part, in order.
    public var fields: [Field]
    /// The form field's name (Content-Disposition's `name` parameter, required by RFC 7578 §4.2).
    public var name: String
    /// Whether the part declared a filename (even an empty one): such parts are files, not fields.
    public var isFile: Bool
    /// The declared filename, made safe by `UploadFilename` (`filename*` preferred when it is valid
    /// UTF-8); nil when none was given or nothing safe was left of it.
    public var filename: String?
    /// The part's declared Content-Type, if any (RFC 7578 §4.4 says text/plain when absent).
    public var contentType: String?

    /// Parses the header block that precedes a part's content: CRLF-separated lines, without the
    /// blank line that ends the block.
    init(block: ArraySlice<UInt8>) throws(MultipartError) {
        var fields: [Field] = []
        var lineStart = block.startIndex
        while lineStart < block.endIndex {
            var lineEnd = lineStart
            while lineEnd < block.endIndex, block[lineEnd] != 0x0D, block[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd < block.endIndex {
                // Only CRLF ends a line; a bare CR or LF is a grammar error, not a line break.
                guard block[lineEnd] == 0x0D, lineEnd + 1 < block.endIndex, block[lineEnd + 1] == 0x0A else {
                    throw .malformed(reason: "bare CR or LF in a part header")
                }
            }
            fields.append(try MultipartPartHead.field(block[lineStart..<lineEnd]))
            lineStart = min(lineEnd + 2, block.endIndex)
        }
        try self.init(fields: fields)
    }

    init(fields: [Field]) throws(MultipartError) {
        self.fields = fields
        let dispositions = fields.filter { $0.name.lowercased() == "content-disposition" }
        guard dispositions.count == 1, let disposition = HeaderValueParameters(parsing: dispositions[0].value),
            disposition.value == "form-data"
        else { throw .malformed(reason: "a part needs exactly one Content-Disposition: form-data") }
        // Two parsers that pick different copies of a repeated parameter see different forms; refuse.
        for parameter in ["name", "filename", "filename*"]
        where disposition.parameters.lazy.filter({ $0.name == parameter }).count > 1 {
            throw .malformed(reason: "a part repeats the \(parameter) parameter")
        }
        guard let name = disposition.parameter("name") else {
            throw .malformed(reason: "a part has no name")
        }
        self.name = name
        let plainFilename = disposition.parameter("filename")
        let extendedFilename = disposition.parameter("filename*").flatMap(MultipartPartHead.decodeExtendedValue)
        isFile = plainFilename != nil || disposition.parameter("filename*") != nil
        filename = (extendedFilename ?? plainFilename).flatMap(UploadFilename.sanitised)
        let types = fields.filter { $0.name.lowercased() == "content-type" }
        guard types.count <= 1 else { throw .malformed(reason: "a part has more than one Content-Type") }
        contentType = types.first?.value
    }

    static func field(_ line: ArraySlice<UInt8>) throws(MultipartError) -> Field {
        guard let first = line.first, first != 0x20, first != 0x09 else {
            throw .malformed(reason: "empty or folded part header line")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
            line[line.startIndex..<colon].allSatisfy(HeaderValueParameters.isTokenByte)
        else { throw .malformed(reason: "part header line without a valid name") }
        var valueStart = colon + 1
        var valueEnd = line.endIndex
        while valueStart < valueEnd, line[valueStart] == 0x20 || line[valueStart] == 0x09 { valueStart += 1 }
        while valueEnd > valueStart, line[valueEnd - 1] == 0x20 || line[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        guard !line[valueStart..<valueEnd].contains(0) else { throw .malformed(reason: "NUL in a part header") }
        return Field(
            name: String(decoding: line[line.startIndex..<colon], as: UTF8.self),
            value: String(decoding: line[valueStart..<valueEnd], as: UTF8.self))
    }

    /// Decodes an RFC 8187 extended value `UTF-8'language'percent-encoded`; nil for other charsets
    /// or invalid encodings, so the plain `filename` is used instead.
    static func decodeExtendedValue(_ text: String) -> String? {
        let pieces = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        var bytes: [UInt8] = []
        var iterator = pieces[2].utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
