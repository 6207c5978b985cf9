// Also compiled into the request-parser fuzz target (with -D FUZZING), where everything is one module.
#if !FUZZING
@testable import HTTPServer
#endif

/// What a `RequestParser` made of a byte stream, in a comparable form: heads, body bytes (joined, so
/// the way the input was split does not matter), ends with trailers, and the failure if any.
struct ParserTranscript: Equatable {
    struct Head: Equatable {
        var method: String
        var target: String
        var path: String
        var query: String?
        var version: String
        var headers: [[String]]
        var framing: MessageFraming
        var keepAlive: Bool
        var expectsContinue: Bool
    }

    enum Entry: Equatable {
        case head(Head)
        case body([UInt8])
        case end(trailers: [[String]])
    }

    var entries: [Entry] = []
    var failure: RequestParseError?

    /// Feeds `bytes` to a fresh parser in pieces of the given sizes (the rest in one last piece),
    /// keeping unconsumed bytes as a server does.
    static func parse(
        _ bytes: [UInt8], pieceSizes: [Int] = [], limits: RequestParserLimits = RequestParserLimits()
    ) -> ParserTranscript {
        var transcript = ParserTranscript()
        var parser = RequestParser(limits: limits)
        var pending: [UInt8] = []
        var offset = 0
        var sizes = pieceSizes[...]
        while offset < bytes.count {
            let size = max(1, min(sizes.popFirst() ?? bytes.count, bytes.count - offset))
            pending += bytes[offset..<(offset + size)]
            offset += size
            if !transcript.drain(&pending, with: &parser) { return transcript }
        }
        return transcript
    }

    /// Feeds `bytes` split into two pieces at `splitIndex`.
    static func parse(_ bytes: [UInt8], splitAt splitIndex: Int, limits: RequestParserLimits = RequestParserLimits())
        -> ParserTranscript
    {
        parse(bytes, pieceSizes: [splitIndex], limits: limits)
    }

    /// Runs the parser over `pending` until it needs more; false once it failed.
    private mutating func drain(_ pending: inout [UInt8], with parser: inout RequestParser) -> Bool {
        while true {
            let step: (event: RequestParser.Event, consumed: Int)
            do {
                step = try pending.withUnsafeBytes { try parser.parse($0) }
            } catch {
                failure = error as? RequestParseError
                return false
            }
            switch step.event {
            case .needMore:
                pending.removeFirst(step.consumed)
                return true
            case .head(let head):
                entries.append(.head(Head(head)))
            case .body(let range):
                let bytes = Array(pending[range])
                if case .body(let earlier) = entries.last {
                    entries[entries.count - 1] = .body(earlier + bytes)
                } else {
                    entries.append(.body(bytes))
                }
            case .end(let trailers):
                entries.append(.end(trailers: trailers.map { [$0.name, $0.value] }))
            }
            pending.removeFirst(step.consumed)
        }
    }
}

extension ParserTranscript.Head {
    init(_ head: RequestHead) {
        method = head.method.rawValue
        target = head.target
        path = head.path
        query = head.query
        version = head.version.description
        headers = head.headers.map { [$0.name, $0.value] }
        framing = head.framing
        keepAlive = head.keepAlive
        expectsContinue = head.expectsContinue
    }
}
