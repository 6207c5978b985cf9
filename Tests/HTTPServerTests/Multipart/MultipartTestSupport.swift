import Foundation
@testable import HTTPServer

/// A part as the parser reported it, with its content joined.
struct ParsedPart: Equatable {
    var head: MultipartPartHead
    var content: [UInt8]
}

/// A deterministic generator so random chunkings are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

enum MultipartFixture {
    static let boundary = "----formBoundary7MA4YWxk"

    /// Random content full of false starts of the delimiter (CRLF, CRLF--, the delimiter less its last
    /// byte), one in `oneIn` positions on average. The longest false start is followed by a zero byte,
    /// which no boundary ends with, so that a random byte never completes it into a real delimiter.
    static func trickyContent(_ length: Int, seed: UInt64, oneIn: UInt8 = 16) -> [UInt8] {
        var generator = SplitMix64(state: seed)
        let nearMisses = [Array("\r\n".utf8), Array("\r\n--".utf8), Array("\r\n--\(boundary)".utf8.dropLast()) + [0]]
        var content: [UInt8] = []
        content.reserveCapacity(length + 80)
        while content.count < length {
            if UInt8.random(in: 0..<oneIn, using: &generator) == 0 {
                content += nearMisses[Int.random(in: 0..<nearMisses.count, using: &generator)]
            } else {
                content.append(UInt8.random(in: 0...255, using: &generator))
            }
        }
        return Array(content.prefix(length))
    }

    /// Runs the parser over `body` cut at `cuts` (offsets in increasing order) and returns the parts.
    static func parse(
        _ body: [UInt8], cuts: [Int] = [], boundary: String = boundary, limits: MultipartLimits = .standard
    ) throws(MultipartError) -> [ParsedPart] {
        var parser = MultipartParser(boundary: try MultipartBoundary(boundary), limits: limits)
        var parts: [ParsedPart] = []
        var open: ParsedPart?
        var start = 0
        for end in cuts + [body.count] {
            try parser.feed(Array(body[start..<end])) { (event: MultipartEvent) throws(MultipartError) in
                switch event {
                case .partBegin(let head): open = ParsedPart(head: head, content: [])
                case .partBytes(let bytes): open?.content.append(contentsOf: bytes)
                case .partEnd:
                    parts.append(open!)
                    open = nil
                }
            }
            start = end
        }
        try parser.finish()
        return parts
    }

    /// A body with CRLF line ends from lines written with "\n".
    static func body(_ text: String) -> [UInt8] {
        Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    static let simpleForm = body(
        """
        --\(boundary)
        Content-Disposition: form-data; name="title"

        Level 3 Digital Production
        --\(boundary)
        Content-Disposition: form-data; name="evidence"; filename="spec.pdf"
        Content-Type: application/pdf

        %PDF-1.7 binary\u{1}\u{2}
        --\(boundary)--

        """)

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "multipart-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
