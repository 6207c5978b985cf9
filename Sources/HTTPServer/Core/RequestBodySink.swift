/// Where the event loop puts a request's body bytes as they arrive, before the handler runs.
///
/// The server creates one sink per request (through `BodyPolicy.makeSink`) once the head is parsed and
/// the declared length is within the route's limit. It then calls `write` with each piece of
/// de-chunked body as it is read from the socket, on the event loop thread, so a sink must not block
/// for long (writing to a local file is fine; network calls are not). At the end of the body it calls
/// `finish` and hands the result to the handler; if the client vanishes or breaks the framing it calls
/// `abort`, which must remove anything the sink wrote to disk.
///
/// Throw an `HTTPStatusError` from `write` or `finish` to refuse the body with that status (for
/// example 400 for a malformed multipart body or 413 for too many parts); the connection is then
/// closed, because the rest of the body is not read.
public protocol RequestBodySink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    func finish() throws -> RequestBody
    func abort()

    /// Memory the event loop may read the next body bytes straight into (at most `limit` of them),
    /// then hand to `write` in place; nil to have them read into the loop's own buffer and copied. A
    /// sink that keeps its bytes in memory of its own anyway (an upload's O_DIRECT staging buffer)
    /// saves copying every byte once. The loop asks only for a body of declared length, whose bytes
    /// arrive as they are sent, and calls `write` with exactly the bytes it read there.
    func receivingBuffer(upTo limit: Int) -> UnsafeMutableRawBufferPointer?
}

extension RequestBodySink {
    public func receivingBuffer(upTo limit: Int) -> UnsafeMutableRawBufferPointer? { nil }
}
