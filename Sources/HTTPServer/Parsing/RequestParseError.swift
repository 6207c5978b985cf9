/// Why the parser refused a request. Every parse error ends the connection after its response,
/// because once the framing is in doubt nothing after it can be trusted.
public struct RequestParseError: HTTPStatusError, Equatable {
    public enum Reason: String, Sendable, Equatable {
        case malformedRequestLine = "The request line is malformed."
        case requestLineTooLong = "The request line is too long."
        case unsupportedVersion = "Only HTTP/1.0 and HTTP/1.1 are supported."
        case invalidTarget = "The request target is not valid."
        case unsupportedMethod = "CONNECT is not supported."
        case tooManyLeadingEmptyLines = "Too many empty lines before the request line."
        case bareLineFeed = "Lines must end with CRLF."
        case bareCarriageReturn = "A carriage return must be followed by a line feed."
        case obsoleteLineFolding = "Folded header lines are not accepted."
        case invalidFieldName = "A header field name is not valid."
        case whitespaceBeforeColon = "No whitespace is allowed between a field name and its colon."
        case invalidFieldValue = "A header field value contains a control character."
        case headersTooLarge = "The header section is too large."
        case tooManyHeaders = "There are too many header fields."
        case missingHost = "HTTP/1.1 requests need a Host header."
        case duplicateHost = "A request must have exactly one Host header."
        case invalidHost = "The Host header is not a valid host."
        case contentLengthWithTransferEncoding = "Content-Length and Transfer-Encoding must not both be sent."
        case invalidContentLength = "Content-Length is not a valid length."
        case conflictingContentLength = "Content-Length values differ."
        case transferEncodingInHTTP10 = "Transfer-Encoding is not accepted in HTTP/1.0 requests."
        case chunkedNotFinal = "chunked must be the final transfer coding."
        case unsupportedTransferCoding = "Only the chunked transfer coding is supported."
        case invalidChunkSize = "A chunk size is not valid."
        case chunkSizeOverflow = "A chunk size is too large."
        case chunkLineTooLong = "A chunk size line is too long."
        case invalidChunkTerminator = "Chunk data must be followed by CRLF."
        case trailersTooLarge = "The trailer section is too large."
        case unsupportedExpectation = "Only Expect: 100-continue is supported."
    }

    public var reason: Reason

    public init(_ reason: Reason) {
        self.reason = reason
    }

    public var status: HTTPStatus {
        switch reason {
        case .requestLineTooLong: .uriTooLong
        case .unsupportedVersion: .httpVersionNotSupported
        case .headersTooLarge, .tooManyHeaders, .trailersTooLarge: .requestHeaderFieldsTooLarge
        case .unsupportedTransferCoding, .unsupportedMethod: .notImplemented
        case .unsupportedExpectation: .expectationFailed
        default: .badRequest
        }
    }

    public var clientMessage: String { reason.rawValue }
}
