import Glibc

/// One client connection, owned by the event loop that accepted it and touched only on its thread.
final class Connection {
    /// Where the connection is in its request/response cycle.
    enum Phase: Equatable {
        /// Waiting for the first byte of a request (keep-alive idle time runs).
        case idle
        /// Some of a request head has arrived (header time runs).
        case readingHead
        /// The head is accepted and the body is going into the sink (body progress is measured).
        case readingBody
        /// The request is with a worker.
        case awaitingResponse
        /// A response is being written.
        case writing
        /// Our side is shut down after the last response; the client's leftovers are read and
        /// discarded for a moment so the kernel does not answer them with a reset that could destroy
        /// the response before the client has read it.
        case lingering
        case closed
    }

    /// One request's progress, from head to the end of its response.
    struct Exchange {
        var head: RequestHead?
        var policy = BodyPolicy.standard
        var bodyLimit = 0
        var bodyReceived = 0
        var sink: (any RequestBodySink)?
        /// The body handed to the handler, whose temporary files go once the response is sent.
        var requestBody: RequestBody?

        var isHead: Bool { head?.method == .head }
        var version: HTTPVersion { head?.version ?? .http1_1 }
        var keepAlive: Bool { head?.keepAlive ?? false }
    }

    /// A file body being sent with sendfile.
    struct FileTransfer {
        var descriptor: Int32
        var offset: off_t
        var remaining: Int
    }

    /// A streamed body being relayed from its channel.
    struct StreamTransfer {
        var channel: ResponseStreamChannel
        var chunked: Bool
        /// Bytes still owed when the length was announced with Content-Length.
        var remaining: Int?
    }

    let descriptor: Int32
    let id: ConnectionID
    let remoteAddress: String

    var phase = Phase.idle
    var parser: RequestParser
    /// Received bytes not consumed by the parser yet (a partial head, or pipelined requests).
    var pending: [UInt8] = []
    /// Whether `pending` holds bytes the parser has not been shown since the last response.
    var pendingNeedsParse = false
    /// Edge-triggered readiness: the socket may have bytes to read.
    var readable = false
    /// The client has shut down its sending side (EPOLLRDHUP): once the bytes already received are
    /// handled, reading returns end of stream.
    var peerClosedInput = false
    /// Whether a read pass is running for this connection, so a response finished inside it
    /// continues that pass instead of starting a nested one.
    var inReadPass = false
    /// Whether the connection is in its loop's `resumable` list.
    var awaitsResume = false
    /// Whether reading the body waits for its sink (an upload's previous buffer still on its way to
    /// the disk); the sink's `.sinkReady` message ends the wait.
    var waitsForSink = false

    var exchange = Exchange()
    /// Deadline for the current phase (idle, head, lingering), in monotonic nanoseconds.
    var deadline: Int64
    var bodyWindowStart: Int64 = 0
    var bodyWindowBytes = 0

    /// Bytes to send: a response head (and, over TLS or for a stream, body bytes copied in).
    var output: [UInt8] = []
    var outputSent = 0
    /// A response body of bytes, sent from the handler's own array right after `output` (one
    /// `sendmsg` carries both) instead of being copied into `output` first. Plain HTTP only.
    var body: [UInt8] = []
    var bodySent = 0
    var file: FileTransfer?
    var stream: StreamTransfer?
    var closeAfterResponse = false
    var lastWriteProgress: Int64 = 0
    var discardedWhileLingering = 0
    /// The TLS session when the server speaks HTTPS; nil for plain HTTP.
    var tls: TLSSession?

    init(descriptor: Int32, generation: UInt64, remoteAddress: String, limits: RequestParserLimits, deadline: Int64) {
        self.descriptor = descriptor
        self.id = ConnectionID(descriptor: descriptor, generation: generation)
        self.remoteAddress = remoteAddress
        self.parser = RequestParser(limits: limits)
        self.deadline = deadline
    }

    /// Whether bytes of the response head or of a bytes body are still to be sent.
    var hasBytesToSend: Bool {
        outputSent < output.count || bodySent < body.count
    }

    /// Counts `count` bytes as sent: the rest of the head first, then the body.
    func recordSent(_ count: Int) {
        let headLeft = output.count - outputSent
        if count <= headLeft {
            outputSent += count
        } else {
            outputSent = output.count
            bodySent += count - headLeft
        }
    }

    /// Whether the loop should read and parse request bytes now.
    var isReceiving: Bool {
        phase == .idle || phase == .readingHead || phase == .readingBody
    }
}
