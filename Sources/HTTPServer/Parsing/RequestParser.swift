/// An incremental HTTP/1.1 request parser (RFC 9112) that works on whatever bytes have arrived.
///
/// Call `parse(_:)` with the bytes received and not yet consumed. It returns one event and how many
/// bytes it consumed; pass the unconsumed rest again, followed by anything newly received, on the next
/// call. While a head, chunk-size line or trailer section is incomplete it consumes nothing and
/// remembers how far it has looked, so feeding one byte at a time costs linear time, not quadratic.
///
/// Body bytes are never copied: a `.body` event names a range of the input. The parser decides the
/// body framing from the head (Content-Length, chunked) and reports `.end` when the body is complete,
/// after which it is ready for the next pipelined request.
///
/// Policy choices, all on the strict side because a lenient parser behind a strict proxy (or the
/// reverse) is how requests get smuggled:
/// - Lines end with CRLF. A bare LF is rejected (400), not accepted as a line end; a CR not followed
///   by LF is rejected.
/// - Up to four empty lines before a request line are skipped (RFC 9112 §2.2); more are rejected.
/// - obs-fold, whitespace before a field's colon, control characters in values: 400.
/// - Content-Length must be digits only; duplicates must agree; with Transfer-Encoding: 400.
/// - Transfer-Encoding: `chunked` must be last and appear once (400); any other coding: 501;
///   Transfer-Encoding in an HTTP/1.0 request: 400.
/// - HTTP/1.1 needs exactly one Host, HTTP/1.0 at most one.
/// - `Expect` other than `100-continue`: 417. CONNECT: 501 (this is not a proxy).
/// - Header values are decoded as UTF-8; invalid sequences in obs-text become U+FFFD.
public struct RequestParser {
    /// What one call to `parse` found.
    public enum Event {
        /// The input ends before the next event; read more and call again.
        case needMore
        /// A complete request head. Its body, if any, follows as `.body` events.
        case head(RequestHead)
        /// Body bytes, de-chunked, at this range of the input given to `parse`.
        case body(Range<Int>)
        /// The body (possibly empty) is complete. Trailers of a chunked body come here, never in the head.
        case end(trailers: HTTPHeaders)
    }

    private enum State {
        case head
        case endPending
        case fixedBody(remaining: Int)
        case chunkSizeLine
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
    }

    public let limits: RequestParserLimits
    private var state = State.head
    /// How many bytes of the unconsumed input have been examined already.
    private var scanned = 0
    /// Where the line being scanned starts, in the unconsumed input.
    private var lineStart = 0
    /// Lines (without CRLF) of the head or trailer section found so far.
    private var lines: [Range<Int>] = []
    /// Empty lines skipped before the request line.
    private var leadingEmptyLines = 0
    private static let maxLeadingEmptyLines = 4

    public init(limits: RequestParserLimits = RequestParserLimits()) {
        self.limits = limits
        lines.reserveCapacity(16)
    }

    /// Whether the parser is between requests (nothing of the next request examined yet).
    public var isIdle: Bool {
        if case .head = state { return scanned == 0 }
        return false
    }

    /// The body bytes still to come when the body has a declared length (Content-Length); nil
    /// otherwise (chunked, or not in a body).
    public var remainingFixedBodyBytes: Int? {
        if case .fixedBody(let remaining) = state { remaining } else { nil }
    }

    /// Whether the parser is reading a request's body (the head was delivered, the end not yet).
    public var isInBody: Bool {
        switch state {
        case .head: false
        default: true
        }
    }

    /// Finds the next event in `input`; see the type's description for the calling convention.
    public mutating func parse(
        _ input: UnsafeRawBufferPointer
    ) throws(RequestParseError) -> (event: Event, consumed: Int) {
        switch state {
        case .head:
            return try parseHead(input)
        case .endPending:
            state = .head
            return (.end(trailers: HTTPHeaders()), 0)
        case .fixedBody(let remaining):
            guard !input.isEmpty else { return (.needMore, 0) }
            let take = min(remaining, input.count)
            state = take == remaining ? .endPending : .fixedBody(remaining: remaining - take)
            return (.body(0..<take), take)
        case .chunkSizeLine:
            return try parseChunkSizeLine(input)
        case .chunkData(let remaining):
            guard !input.isEmpty else { return (.needMore, 0) }
            let take = min(remaining, input.count)
            state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)
            return (.body(0..<take), take)
        case .chunkDataEnd:
            guard input.count >= 2 else {
                if input.count == 1 && input[0] != HTTPSyntax.carriageReturn {
                    throw RequestParseError(.invalidChunkTerminator)
                }
                return (.needMore, 0)
            }
            guard input[0] == HTTPSyntax.carriageReturn, input[1] == HTTPSyntax.lineFeed else {
                throw RequestParseError(.invalidChunkTerminator)
            }
            state = .chunkSizeLine
            return try continueAfter(consumed: 2, input)
        case .trailers:
            return try parseTrailers(input)
        }
    }

    /// Parses on from `consumed` in the same call, so small chunked bodies need fewer round trips.
    private mutating func continueAfter(
        consumed: Int, _ input: UnsafeRawBufferPointer
    ) throws(RequestParseError) -> (event: Event, consumed: Int) {
        let rest = UnsafeRawBufferPointer(rebasing: input[consumed...])
        let (event, more) = try parse(rest)
        switch event {
        case .body(let range):
            return (.body((range.lowerBound + consumed)..<(range.upperBound + consumed)), consumed + more)
        case .needMore:
            // `scanned` and `lineStart` now count from `consumed`; keep them valid for the caller's
            // next input, which starts `consumed` bytes later.
            return (.needMore, consumed + more)
        default:
            return (event, consumed + more)
        }
    }

    // MARK: Lines

    private enum LineScan {
        case line(Range<Int>)
        case incomplete
    }

    /// Finds the next CRLF-terminated line at or after `lineStart`, resuming at `scanned`.
    @inline(__always)
    private mutating func nextLine(_ input: UnsafeRawBufferPointer) throws(RequestParseError) -> LineScan {
        var index = scanned
        let count = input.count
        while index < count {
            if input[index] == HTTPSyntax.lineFeed {
                guard index > lineStart, input[index - 1] == HTTPSyntax.carriageReturn else {
                    throw RequestParseError(.bareLineFeed)
                }
                let line = lineStart..<(index - 1)
                lineStart = index + 1
                scanned = index + 1
                return .line(line)
            }
            index += 1
        }
        scanned = count
        return .incomplete
    }

    private mutating func resetLines() {
        scanned = 0
        lineStart = 0
        lines.removeAll(keepingCapacity: true)
        leadingEmptyLines = 0
    }

    // MARK: Head

    private mutating func parseHead(
        _ input: UnsafeRawBufferPointer
    ) throws(RequestParseError) -> (event: Event, consumed: Int) {
        while true {
            switch try nextLine(input) {
            case .incomplete:
                try checkIncompleteHead(input)
                return (.needMore, 0)
            case .line(let line):
                if line.isEmpty {
                    if lines.isEmpty {
                        leadingEmptyLines += 1
                        if leadingEmptyLines > RequestParser.maxLeadingEmptyLines {
                            throw RequestParseError(.tooManyLeadingEmptyLines)
                        }
                        continue
                    }
                    let consumed = lineStart
                    let head = try makeHead(input)
                    resetLines()
                    switch head.framing {
                    case .none, .length(0): state = .endPending
                    case .length(let length): state = .fixedBody(remaining: length)
                    case .chunked: state = .chunkSizeLine
                    }
                    return (.head(head), consumed)
                }
                lines.append(line)
                if lines.count == 1 {
                    if line.count > limits.maxRequestLineBytes { throw RequestParseError(.requestLineTooLong) }
                } else {
                    if lines.count - 1 > limits.maxHeaderCount { throw RequestParseError(.tooManyHeaders) }
                    if lineStart - (lines[0].upperBound + 2) > limits.maxHeaderBytes {
                        throw RequestParseError(.headersTooLarge)
                    }
                }
            }
        }
    }

    /// Refuses a head that can no longer fit its limits, without waiting for its end.
    private func checkIncompleteHead(_ input: UnsafeRawBufferPointer) throws(RequestParseError) {
        let partial = input.count - lineStart
        if lines.isEmpty {
            // The partial line may end with the CR of its CRLF.
            if partial > limits.maxRequestLineBytes + 1 { throw RequestParseError(.requestLineTooLong) }
        } else if input.count - (lines[0].upperBound + 2) > limits.maxHeaderBytes + 2 {
            throw RequestParseError(.headersTooLarge)
        }
    }

    private func makeHead(_ input: UnsafeRawBufferPointer) throws(RequestParseError) -> RequestHead {
        let (method, target, version) = try parseRequestLine(UnsafeRawBufferPointer(rebasing: input[lines[0]]))
        var fields: [HTTPHeaders.Field] = []
        fields.reserveCapacity(lines.count - 1)
        for line in lines.dropFirst() {
            fields.append(try parseField(UnsafeRawBufferPointer(rebasing: input[line])))
        }
        let headers = HTTPHeaders(fields: fields)
        var head = RequestHead(method: method, target: target, version: version, headers: headers)
        try checkTarget(head)
        try checkHost(head)
        head.framing = try framing(of: head)
        head.expectsContinue = try expectsContinue(head)
        return head
    }

    private func parseRequestLine(
        _ line: UnsafeRawBufferPointer
    ) throws(RequestParseError) -> (HTTPMethod, String, HTTPVersion) {
        var index = 0
        while index < line.count && HTTPSyntax.isToken(line[index]) { index += 1 }
        let methodEnd = index
        guard methodEnd > 0, index < line.count, line[index] == HTTPSyntax.space else {
            throw RequestParseError(.malformedRequestLine)
        }
        index += 1
        let targetStart = index
        while index < line.count && HTTPSyntax.isTargetByte(line[index]) { index += 1 }
        let targetEnd = index
        guard targetEnd > targetStart, index < line.count, line[index] == HTTPSyntax.space else {
            if index < line.count && line[index] != HTTPSyntax.space && line[index] != HTTPSyntax.carriageReturn {
                throw RequestParseError(.invalidTarget)
            }
            throw RequestParseError(.malformedRequestLine)
        }
        index += 1
        let version = try parseVersion(UnsafeRawBufferPointer(rebasing: line[index...]))
        let method = RequestParser.method(UnsafeRawBufferPointer(rebasing: line[0..<methodEnd]))
        let target = String(decoding: UnsafeRawBufferPointer(rebasing: line[targetStart..<targetEnd]), as: UTF8.self)
        return (method, target, version)
    }

    /// The common methods without building a new string.
    private static func method(_ bytes: UnsafeRawBufferPointer) -> HTTPMethod {
        if bytes.count == 3 && bytes[0] == UInt8(ascii: "G") && bytes[1] == UInt8(ascii: "E")
            && bytes[2] == UInt8(ascii: "T")
        {
            return .get
        }
        if bytes.elementsEqual("POST".utf8) { return .post }
        if bytes.elementsEqual("HEAD".utf8) { return .head }
        return HTTPMethod(String(decoding: bytes, as: UTF8.self))
    }

    /// `HTTP/` DIGIT `.` DIGIT; well-formed versions other than 1.0 and 1.1 are 505.
    private func parseVersion(_ bytes: UnsafeRawBufferPointer) throws(RequestParseError) -> HTTPVersion {
        guard bytes.count == 8, bytes[0..<5].elementsEqual("HTTP/".utf8), bytes[6] == UInt8(ascii: "."),
            let major = HTTPSyntax.hexValue(bytes[5]), major < 10,
            let minor = HTTPSyntax.hexValue(bytes[7]), minor < 10
        else {
            throw RequestParseError(.malformedRequestLine)
        }
        guard major == 1, minor <= 1 else { throw RequestParseError(.unsupportedVersion) }
        return minor == 1 ? .http1_1 : .http1_0
    }

    private func parseField(_ line: UnsafeRawBufferPointer) throws(RequestParseError) -> HTTPHeaders.Field {
        guard line[0] != HTTPSyntax.space && line[0] != HTTPSyntax.tab else {
            throw RequestParseError(.obsoleteLineFolding)
        }
        var index = 0
        while index < line.count && HTTPSyntax.isToken(line[index]) { index += 1 }
        guard index < line.count, line[index] == HTTPSyntax.colon, index > 0 else {
            if index > 0 && index < line.count && (line[index] == HTTPSyntax.space || line[index] == HTTPSyntax.tab) {
                throw RequestParseError(.whitespaceBeforeColon)
            }
            throw RequestParseError(.invalidFieldName)
        }
        let nameEnd = index
        index += 1
        var valueStart = index
        var valueEnd = line.count
        while index < line.count {
            let byte = line[index]
            guard HTTPSyntax.isFieldValueByte(byte) else {
                throw RequestParseError(byte == HTTPSyntax.carriageReturn ? .bareCarriageReturn : .invalidFieldValue)
            }
            index += 1
        }
        while valueStart < valueEnd && (line[valueStart] == HTTPSyntax.space || line[valueStart] == HTTPSyntax.tab) {
            valueStart += 1
        }
        while valueEnd > valueStart && (line[valueEnd - 1] == HTTPSyntax.space || line[valueEnd - 1] == HTTPSyntax.tab) {
            valueEnd -= 1
        }
        return HTTPHeaders.Field(
            name: String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<nameEnd]), as: UTF8.self),
            value: String(decoding: UnsafeRawBufferPointer(rebasing: line[valueStart..<valueEnd]), as: UTF8.self))
    }

    // MARK: Head semantics

    private func checkTarget(_ head: RequestHead) throws(RequestParseError) {
        if head.method == .connect { throw RequestParseError(.unsupportedMethod) }
        let target = head.target
        if target.utf8.first == UInt8(ascii: "/") { return }
        if target == "*" {
            guard head.method == .options else { throw RequestParseError(.invalidTarget) }
            return
        }
        // Absolute form: only http and https, with a non-empty authority.
        guard let authority = head.authority, !authority.isEmpty, authority.utf8.allSatisfy(HTTPSyntax.isHostByte),
            let scheme = target.split(separator: ":", maxSplits: 1).first,
            HTTPHeaders.namesMatch(scheme, "http") || HTTPHeaders.namesMatch(scheme, "https")
        else {
            throw RequestParseError(.invalidTarget)
        }
    }

    private func checkHost(_ head: RequestHead) throws(RequestParseError) {
        var hosts = 0
        for field in head.headers where HTTPHeaders.namesMatch(field.name, "Host") { hosts += 1 }
        if hosts > 1 { throw RequestParseError(.duplicateHost) }
        if hosts == 0 && head.version == .http1_1 { throw RequestParseError(.missingHost) }
        if let host = head.headers.first("Host"), !host.utf8.allSatisfy(HTTPSyntax.isHostByte) {
            throw RequestParseError(.invalidHost)
        }
    }

    private func framing(of head: RequestHead) throws(RequestParseError) -> MessageFraming {
        var contentLength: Int?
        var sawContentLength = false
        var sawTransferEncoding = false
        for field in head.headers {
            if HTTPHeaders.namesMatch(field.name, "Content-Length") {
                sawContentLength = true
                let length = try RequestParser.contentLength(field.value)
                if let contentLength, contentLength != length {
                    throw RequestParseError(.conflictingContentLength)
                }
                contentLength = length
            } else if HTTPHeaders.namesMatch(field.name, "Transfer-Encoding") {
                sawTransferEncoding = true
            }
        }
        guard sawTransferEncoding else {
            return contentLength.map { .length($0) } ?? .none
        }
        if sawContentLength { throw RequestParseError(.contentLengthWithTransferEncoding) }
        if head.version == .http1_0 { throw RequestParseError(.transferEncodingInHTTP10) }
        let codings = head.headers.listElements("Transfer-Encoding")
        guard let last = codings.last, HTTPHeaders.namesMatch(last, "chunked") else {
            throw RequestParseError(.chunkedNotFinal)
        }
        for coding in codings.dropLast() {
            if HTTPHeaders.namesMatch(coding, "chunked") { throw RequestParseError(.chunkedNotFinal) }
            throw RequestParseError(.unsupportedTransferCoding)
        }
        return .chunked
    }

    /// 1*DIGIT and nothing else: no sign, no hex, no list, at most 18 digits so it cannot overflow.
    static func contentLength(_ value: String) throws(RequestParseError) -> Int {
        var length = 0
        var digits = 0
        for byte in value.utf8 {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else {
                throw RequestParseError(.invalidContentLength)
            }
            digits += 1
            guard digits <= 18 else { throw RequestParseError(.invalidContentLength) }
            length = length * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard digits > 0 else { throw RequestParseError(.invalidContentLength) }
        return length
    }

    /// Only `100-continue` is understood; HTTP/1.0 clients never get a 100 (RFC 9110 §10.1.1).
    private func expectsContinue(_ head: RequestHead) throws(RequestParseError) -> Bool {
        let expectations = head.headers.listElements("Expect")
        guard !expectations.isEmpty else {
            if head.headers.contains("Expect") { throw RequestParseError(.unsupportedExpectation) }
            return false
        }
        for expectation in expectations where !HTTPHeaders.namesMatch(expectation, "100-continue") {
            throw RequestParseError(.unsupportedExpectation)
        }
        return head.version == .http1_1
    }

    // MARK: Chunked framing

    private mutating func parseChunkSizeLine(
        _ input: UnsafeRawBufferPointer
    ) throws(RequestParseError) -> (event: Event, consumed: Int) {
        guard case .line(let line) = try nextLine(input) else {
            if input.count - lineStart > limits.maxChunkLineBytes + 1 {
                throw RequestParseError(.chunkLineTooLong)
            }
            return (.needMore, 0)
        }
        let consumed = lineStart
        resetLines()
        if line.count > limits.maxChunkLineBytes { throw RequestParseError(.chunkLineTooLong) }
        let size = try RequestParser.chunkSize(UnsafeRawBufferPointer(rebasing: input[line]))
        state = size == 0 ? .trailers : .chunkData(remaining: size)
        return try continueAfter(consumed: consumed, input)
    }

    /// chunk-size [ chunk-ext ]: hex digits, then optionally whitespace and `;`-extensions, which are
    /// skipped after checking they hold no control characters.
    static func chunkSize(_ line: UnsafeRawBufferPointer) throws(RequestParseError) -> Int {
        var size = 0
        var index = 0
        while index < line.count, let digit = HTTPSyntax.hexValue(line[index]) {
            guard size <= (Int.max >> 4) >> 1 else { throw RequestParseError(.chunkSizeOverflow) }
            size = size << 4 | digit
            index += 1
        }
        guard index > 0 else { throw RequestParseError(.invalidChunkSize) }
        while index < line.count && (line[index] == HTTPSyntax.space || line[index] == HTTPSyntax.tab) { index += 1 }
        guard index == line.count || line[index] == UInt8(ascii: ";") else {
            throw RequestParseError(.invalidChunkSize)
        }
        while index < line.count {
            guard HTTPSyntax.isFieldValueByte(line[index]) else { throw RequestParseError(.invalidChunkSize) }
            index += 1
        }
        return size
    }

    private mutating func parseTrailers(
        _ input: UnsafeRawBufferPointer
    ) throws(RequestParseError) -> (event: Event, consumed: Int) {
        while true {
            switch try nextLine(input) {
            case .incomplete:
                if input.count > limits.maxHeaderBytes + 2 { throw RequestParseError(.trailersTooLarge) }
                return (.needMore, 0)
            case .line(let line):
                if line.isEmpty {
                    var fields: [HTTPHeaders.Field] = []
                    for line in lines {
                        fields.append(try parseField(UnsafeRawBufferPointer(rebasing: input[line])))
                    }
                    let consumed = lineStart
                    resetLines()
                    state = .head
                    return (.end(trailers: HTTPHeaders(fields: fields)), consumed)
                }
                lines.append(line)
                if lines.count > limits.maxHeaderCount || lineStart > limits.maxHeaderBytes {
                    throw RequestParseError(.trailersTooLarge)
                }
            }
        }
    }
}
