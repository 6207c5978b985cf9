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

    /// Whether the sink can take more body bytes now without waiting (an upload whose staging
    /// buffers are all still on their way to the disk cannot). When it cannot, it keeps `resume` and
    /// calls it once, on any thread, as soon as it can; until then the loop reads no more of this
    /// body and serves its other connections, instead of blocking in `write`. The loop asks before
    /// each read of the body. A sink that wraps another must pass the question on: the default, for
    /// sinks that never wait, answers true.
    func isReadyForBytes(orResume resume: @escaping @Sendable () -> Void) -> Bool
}

extension RequestBodySink {
    public func receivingBuffer(upTo limit: Int) -> UnsafeMutableRawBufferPointer? { nil }
    public func isReadyForBytes(orResume resume: @escaping @Sendable () -> Void) -> Bool { true }
}
