import CLinuxIO
import Glibc
import Synchronization

/// The body of one event loop thread: waits on epoll, accepts connections from its own listening
/// socket, reads and parses requests, writes responses, and enforces the deadlines.
///
/// Everything here runs on the loop's thread, which is why `Connection` needs no locks. Other threads
/// reach the loop only through `EventLoop.post`.
final class LoopRunner {
    let loop: EventLoop
    /// Every loop of the server, this one included, so a new connection can go to the least loaded.
    let peers: [EventLoop]
    let context: ServerContext
    let configuration: ServerConfiguration
    var listener: Int32
    var acceptPausedUntil: Int64?

    var connections: [Connection?] = []
    var liveConnections = 0
    var nextGeneration: UInt64 = 1
    var requestCounter: UInt64 = 0

    /// One read buffer for all connections of this loop: an idle connection owns no buffer. Large, so
    /// an upload takes few reads (and its file few writes).
    let scratch: UnsafeMutableRawBufferPointer
    var date = HTTPDate()
    /// The time of the current loop iteration; one clock read serves every event it handles.
    var now: Int64

    var shuttingDown = false
    var shutdownDeadline = Int64.max

    // Deadlines in nanoseconds, converted once.
    let headerTimeout: Int64
    let idleTimeout: Int64
    let bodyWindow: Int64
    let writeTimeout: Int64
    let lingerTime: Int64 = 1_000_000_000
    private let tick: Int64

    static let readBufferSize = 256 * 1024
    /// Bytes one connection may read in one turn of the loop before the others get theirs.
    static let readBudget = 1 << 20
    /// Connections that stopped reading on their budget with bytes still waiting; edge-triggered
    /// epoll will not report them again, so the loop comes back to them after the events in hand.
    var resumable: [Connection] = []

    init(loop: EventLoop, peers: [EventLoop], context: ServerContext, listener: Int32) {
        self.loop = loop
        self.peers = peers
        self.context = context
        self.configuration = context.configuration
        self.listener = listener
        scratch = .allocate(byteCount: LoopRunner.readBufferSize, alignment: 16)
        now = MonotonicClock.now()
        headerTimeout = configuration.headerTimeout.nanoseconds
        idleTimeout = configuration.idleTimeout.nanoseconds
        bodyWindow = max(1, configuration.bodyProgressWindow.nanoseconds)
        writeTimeout = configuration.writeTimeout.nanoseconds
        tick = configuration.timerTick.nanoseconds
    }

    deinit {
        scratch.deallocate()
    }

    /// Runs until shutdown has closed every connection.
    func run() {
        watchListener()
        var events = [epoll_event](repeating: epoll_event(), count: 512)
        var nextSweep = MonotonicClock.now() + tick
        let tickMilliseconds = Int32(max(1, tick / 1_000_000))
        while !(shuttingDown && liveConnections == 0) {
            let timeout = resumable.isEmpty ? tickMilliseconds : 0
            let count = events.withUnsafeMutableBufferPointer {
                epoll_wait(loop.epollDescriptor, $0.baseAddress, Int32($0.count), timeout)
            }
            now = MonotonicClock.now()
            if count > 0 {
                for index in 0..<Int(count) {
                    handle(events[index])
                }
            } else if count < 0 && errno != EINTR {
                context.logger.critical("epoll_wait failed", metadata: ["errno": "\(errno)"])
                break
            }
            resumeReading()
            if now >= nextSweep {
                sweep()
                nextSweep = now + tick
            }
        }
        closeListener()
        for connection in connections.compactMap({ $0 }) { close(connection) }
    }

    private func handle(_ event: epoll_event) {
        // The low half is the descriptor; the high half the connection's generation (0 for the
        // loop's own descriptors), so an event for a connection closed earlier in the same batch
        // cannot reach a newcomer that was given the same descriptor number.
        let tag = event.data.u64
        let descriptor = Int32(truncatingIfNeeded: tag & 0xFFFF_FFFF)
        if descriptor == loop.wakeDescriptor {
            for message in loop.takeMessages() { receive(message) }
            return
        }
        if descriptor == listener {
            acceptConnections()
            return
        }
        guard Int(descriptor) < connections.count, let connection = connections[Int(descriptor)],
            connection.id.generation & 0xFFFF_FFFF == tag >> 32
        else { return }
        let flags = event.events
        if flags & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
            close(connection)
            return
        }
        if flags & EPOLLOUT.rawValue != 0 {
            if connection.phase == .writing {
                flush(connection)
            } else if connection.phase == .readingBody && connection.outputSent < connection.output.count {
                writeInterim(connection)
            }
            // A TLS read may have stopped on WANT_WRITE (the handshake sends too): retry it now.
            if connection.tls != nil && connection.isReceiving && connection.phase != .closed {
                connection.readable = true
                readRequests(connection)
            }
        }
        if flags & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0 && connection.phase != .closed {
            connection.readable = true
            if flags & EPOLLRDHUP.rawValue != 0 { connection.peerClosedInput = true }
            if connection.isReceiving {
                readRequests(connection)
            } else if connection.phase == .lingering {
                discardWhileLingering(connection)
            }
        }
    }

    private func resumeReading() {
        guard !resumable.isEmpty else { return }
        let waiting = resumable
        resumable = []
        for connection in waiting {
            connection.awaitsResume = false
            if connection.isReceiving && connection.readable { readRequests(connection) }
        }
    }

    func connection(for id: ConnectionID) -> Connection? {
        let slot = Int(id.descriptor)
        guard slot < connections.count, let connection = connections[slot], connection.id == id else { return nil }
        return connection
    }

    // MARK: Messages

    private func receive(_ message: LoopMessage) {
        switch message {
        case .response(let id, let response, let channel, let requestBody):
            guard let connection = connection(for: id), connection.phase == .awaitingResponse else {
                // The client left while the handler ran.
                channel?.cancel()
                requestBody.removeTemporaryFiles()
                return
            }
            startResponse(connection, response, channel: channel)
        case .streamReady(let id):
            if let connection = connection(for: id), connection.phase == .writing,
                connection.outputSent == connection.output.count
            {
                flush(connection)
            }
        case .sinkReady(let id):
            // A sink dropped meanwhile (the body refused, the client gone) has cleared the wait.
            guard let connection = connection(for: id), connection.waitsForSink else { return }
            connection.waitsForSink = false
            if connection.isReceiving { readRequests(connection) }
        case .shutdown(let gracePeriod):
            beginShutdown(gracePeriod: gracePeriod)
        case .adopt(let descriptor, let address):
            if shuttingDown {
                refuseOverCapacity(descriptor)
                loop.connectionCount.subtract(1, ordering: .relaxed)
            } else {
                adopt(descriptor, address: address)
            }
        }
    }

    // MARK: Closing

    /// Closes at once: everything in progress is abandoned and its resources released.
    func close(_ connection: Connection) {
        guard connection.phase != .closed else { return }
        let wasAwaitingWorker = connection.phase == .awaitingResponse
        connection.phase = .closed
        dropSink(connection, abort: true)
        connection.stream?.channel.cancel()
        connection.stream = nil
        if let file = connection.file { Glibc.close(file.descriptor) }
        connection.file = nil
        connection.body = []
        // A worker still holds the body; its response message removes the files instead.
        if !wasAwaitingWorker { connection.exchange.requestBody?.removeTemporaryFiles() }
        connection.exchange = Connection.Exchange()
        Glibc.close(connection.descriptor)
        connections[Int(connection.descriptor)] = nil
        liveConnections -= 1
        loop.connectionCount.subtract(1, ordering: .relaxed)
        context.openConnections.subtract(1, ordering: .relaxed)
    }

    /// Ends the connection after its last response: half-closes our side, then discards what the
    /// client still sends for up to a second before closing.
    func closeAfterLastResponse(_ connection: Connection) {
        connection.phase = .lingering
        connection.deadline = now + lingerTime
        connection.tls?.shutdown()
        shutdown(connection.descriptor, Int32(SHUT_WR))
        // The client's FIN may have come with an edge already consumed; one read finds out.
        connection.readable = true
        discardWhileLingering(connection)
    }

    func discardWhileLingering(_ connection: Connection) {
        while connection.phase == .lingering && connection.readable {
            let count = read(connection.descriptor, scratch.baseAddress, scratch.count)
            if count > 0 {
                connection.discardedWhileLingering += count
                if connection.discardedWhileLingering > 1 << 20 { close(connection) }
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                connection.readable = false
            } else {
                close(connection)
            }
        }
    }

    /// A request identifier unique in the process: loop number and a counter, in base 36.
    func nextRequestID() -> String {
        requestCounter += 1
        return String(loop.index, radix: 36) + "-" + String(requestCounter, radix: 36)
    }
}
