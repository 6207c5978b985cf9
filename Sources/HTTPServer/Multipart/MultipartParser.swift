/// A streaming multipart/form-data parser (RFC 2046 §5.1, RFC 7578): feed it the body in chunks of
/// any size, as they arrive, and it reports parts through `MultipartEvent`s.
///
/// It keeps in memory only what it cannot yet decide about: a possible partial delimiter at the end
/// of a chunk (at most 73 bytes) or an unfinished part header block (at most
/// `MultipartLimits.maxPartHeaderBytes`). Content is handed on as soon as it is known not to be part
/// of a delimiter, so a gigabyte file streams through a buffer the size of one chunk.
///
/// The preamble (before the first delimiter) and the epilogue (after the closing delimiter) are
/// ignored. Transport padding (spaces and tabs) after a delimiter is accepted. Once an error is
/// thrown the parser stays failed and throws it again.
public struct MultipartParser {
    private enum State {
        case preamble, afterDelimiter, headers, body, epilogue
    }

    private let delimiter: [UInt8]
    private let limits: MultipartLimits
    private var state = State.preamble
    /// Unconsumed bytes. It starts with a CRLF of our own so that a delimiter at the very start of
    /// the body (which has no CRLF before it) is found like every other.
    private var buffer: [UInt8] = [0x0D, 0x0A]
    private var partCount = 0
    private var failure: MultipartError?

    /// Padding after a delimiter is legal but has no use; more than this is treated as malformed, so
    /// that a body of spaces cannot grow the buffer.
    static let maxTransportPadding = 256

    public init(boundary: MultipartBoundary, limits: MultipartLimits = .standard) {
        self.delimiter = boundary.delimiter
        self.limits = limits
    }

    /// Inside a part's content: how many of its bytes are held back because they could begin a
    /// delimiter. Unless the next chunk completes a delimiter with them, they are handed on first,
    /// ahead of that chunk's own bytes. Nil outside a part's content.
    public var heldBackContentBytes: Int? {
        state == .body && failure == nil ? buffer.count : nil
    }

    /// Whether the closing delimiter has been read (later bytes are the ignored epilogue).
    public var isComplete: Bool { state == .epilogue }

    /// Parses the next chunk of the body, reporting events to `receive`. An error thrown by
    /// `receive` stops the parser and is thrown again from later calls.
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer, _ receive: (MultipartEvent) throws(MultipartError) -> Void
    ) throws(MultipartError) {
        if let failure { throw failure }
        if state == .epilogue { return }
        do {
            if state == .body && chunk.count >= 2 * delimiter.count {
                try feedBody(chunk, receive)
            } else {
                buffer.append(contentsOf: chunk)
                try process(receive)
            }
        } catch {
            failure = error
            buffer = []
            throw error
        }
    }

    /// Convenience for callers holding an array.
    public mutating func feed(
        _ chunk: [UInt8], _ receive: (MultipartEvent) throws(MultipartError) -> Void
    ) throws(MultipartError) {
        var result: Result<Void, MultipartError> = .success(())
        chunk.withUnsafeBytes { raw in
            do throws(MultipartError) { try feed(raw, receive) } catch { result = .failure(error) }
        }
        try result.get()
    }

    /// Declares the end of the body; throws `missingClosingDelimiter` unless the closing delimiter
    /// was seen.
    public mutating func finish() throws(MultipartError) {
        if let failure { throw failure }
        guard state == .epilogue else {
            failure = .missingClosingDelimiter
            throw .missingClosingDelimiter
        }
    }

    private mutating func process(_ receive: (MultipartEvent) throws(MultipartError) -> Void) throws(MultipartError) {
        var position = 0
        defer { buffer.removeSubrange(0..<position) }
        scanning: while true {
            switch state {
            case .preamble:
                if let found = find(delimiter, from: position) {
                    position = found + delimiter.count
                    state = .afterDelimiter
                } else {
                    position = max(position, buffer.count - (delimiter.count - 1))
                    break scanning
                }
            case .afterDelimiter:
                guard buffer.count - position >= 2 else { break scanning }
                if buffer[position] == UInt8(ascii: "-"), buffer[position + 1] == UInt8(ascii: "-") {
                    state = .epilogue
                    position = buffer.count
                    break scanning
                }
                var cursor = position
                while cursor < buffer.count, buffer[cursor] == 0x20 || buffer[cursor] == 0x09 { cursor += 1 }
                guard cursor - position <= MultipartParser.maxTransportPadding else {
                    throw .malformed(reason: "too much padding after a delimiter")
                }
                guard cursor < buffer.count else { break scanning }
                guard buffer[cursor] == 0x0D else { throw .malformed(reason: "unexpected bytes after a delimiter") }
                guard cursor + 1 < buffer.count else { break scanning }
                guard buffer[cursor + 1] == 0x0A else { throw .malformed(reason: "unexpected bytes after a delimiter") }
                position = cursor + 2
                partCount += 1
                guard partCount <= limits.maxParts else { throw .tooManyParts(limit: limits.maxParts) }
                state = .headers
            case .headers:
                guard buffer.count - position >= 2 else { break scanning }
                let blockEnd: Int
                if buffer[position] == 0x0D, buffer[position + 1] == 0x0A {
                    blockEnd = position  // no header lines at all
                } else if let found = find(MultipartParser.blankLine, from: position) {
                    blockEnd = found
                } else {
                    guard buffer.count - position <= limits.maxPartHeaderBytes + 3 else {
                        throw .partHeaderTooLarge(limit: limits.maxPartHeaderBytes)
                    }
                    break scanning
                }
                guard blockEnd - position <= limits.maxPartHeaderBytes else {
                    throw .partHeaderTooLarge(limit: limits.maxPartHeaderBytes)
                }
                let head = try MultipartPartHead(block: buffer[position..<blockEnd])
                position = blockEnd == position ? position + 2 : blockEnd + 4
                try receive(.partBegin(head))
                state = .body
            case .body:
                if let found = find(delimiter, from: position) {
                    try emit(position..<found, receive)
                    try receive(.partEnd)
                    position = found + delimiter.count
                    state = .afterDelimiter
                } else {
                    let safeEnd = max(position, buffer.count - (delimiter.count - 1))
                    try emit(position..<safeEnd, receive)
                    position = safeEnd
                    break scanning
                }
            case .epilogue:
                position = buffer.count
                break scanning
            }
        }
    }

    private static let blankLine: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]

    /// A large chunk in the middle of a part's content, handed on straight from the chunk instead of
    /// being copied into `buffer` first (a file's every byte would be copied once more).
    ///
    /// The bytes kept from the last chunk (fewer than a delimiter) go through `process` with the
    /// chunk's first `delimiter.count - 1` bytes, which finds any delimiter that starts among them.
    /// If none does, what is left in `buffer` is exactly those first bytes of the chunk, so the chunk
    /// itself can be searched from its start and only its last bytes are kept.
    private mutating func feedBody(
        _ chunk: UnsafeRawBufferPointer, _ receive: (MultipartEvent) throws(MultipartError) -> Void
    ) throws(MultipartError) {
        let overlap = delimiter.count - 1
        buffer.append(contentsOf: chunk[0..<overlap])
        try process(receive)
        guard state == .body, buffer.count == overlap else {
            buffer.append(contentsOf: chunk[overlap...])
            try process(receive)
            return
        }
        buffer.removeAll(keepingCapacity: true)
        if let found = Self.find(delimiter, in: chunk, from: 0) {
            try Self.emit(chunk, 0..<found, receive)
            try receive(.partEnd)
            state = .afterDelimiter
            buffer.append(contentsOf: chunk[(found + delimiter.count)...])
            try process(receive)
        } else {
            let safeEnd = chunk.count - overlap
            try Self.emit(chunk, 0..<safeEnd, receive)
            buffer.append(contentsOf: chunk[safeEnd...])
        }
    }

    private static func emit(
        _ chunk: UnsafeRawBufferPointer, _ range: Range<Int>, _ receive: (MultipartEvent) throws(MultipartError) -> Void
    ) throws(MultipartError) {
        guard !range.isEmpty else { return }
        try receive(.partBytes(UnsafeRawBufferPointer(rebasing: chunk[range])))
    }

    private func emit(
        _ range: Range<Int>, _ receive: (MultipartEvent) throws(MultipartError) -> Void
    ) throws(MultipartError) {
        guard !range.isEmpty else { return }
        var thrown: MultipartError?
        buffer.withUnsafeBytes { raw in
            do throws(MultipartError) {
                try receive(.partBytes(UnsafeRawBufferPointer(rebasing: raw[range])))
            } catch {
                thrown = error
            }
        }
        if let thrown { throw thrown }
    }

    /// The first index at or after `start` where `needle` occurs in the buffer.
    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        buffer.withUnsafeBytes { Self.find(needle, in: $0, from: start) }
    }

    private static func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer, from start: Int) -> Int? {
        needle.withUnsafeBytes { pattern in
            SubstringSearch.firstOffset(of: pattern, in: UnsafeRawBufferPointer(rebasing: haystack[start...]))
                .map { start + $0 }
        }
    }
}
