import Testing
@testable import HTTPServer

/// Parses `raw` whole, then split in two at every byte boundary, then one byte at a time, expects
/// every way to give the same transcript, and returns it.
func transcriptAtEverySplit(
    _ raw: [UInt8], limits: RequestParserLimits = RequestParserLimits(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> ParserTranscript {
    let whole = ParserTranscript.parse(raw, limits: limits)
    for split in 1..<max(1, raw.count) {
        let parted = ParserTranscript.parse(raw, splitAt: split, limits: limits)
        if parted != whole {
            Issue.record("split at \(split) gives \(parted), whole gives \(whole)", sourceLocation: sourceLocation)
            return whole
        }
    }
    let bytewise = ParserTranscript.parse(raw, pieceSizes: Array(repeating: 1, count: raw.count), limits: limits)
    #expect(bytewise == whole, "one byte at a time", sourceLocation: sourceLocation)
    return whole
}

func transcriptAtEverySplit(
    _ raw: String, limits: RequestParserLimits = RequestParserLimits(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> ParserTranscript {
    transcriptAtEverySplit(Array(raw.utf8), limits: limits, sourceLocation: sourceLocation)
}

extension ParserTranscript {
    var heads: [Head] {
        entries.compactMap { if case .head(let head) = $0 { head } else { nil } }
    }

    var bodies: [String] {
        entries.compactMap { if case .body(let bytes) = $0 { String(decoding: bytes, as: UTF8.self) } else { nil } }
    }

    var trailers: [[[String]]] {
        entries.compactMap { if case .end(let trailers) = $0 { trailers } else { nil } }
    }
}
