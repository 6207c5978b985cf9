import CLinuxIO
import Glibc

/// The body of one event loop thread: waits on epoll, accepts connections from its own listening
/// socket, reads and parses requests, writes responses, and enforces the deadlines.
///
/// Everything here runs on the loop's thread, which is why `Connection` needs no locks. Other threads
/// reach the loop only through `EventLoop.post`.
final class LoopRunner {
    let loop: EventLoop
    let context: ServerContext
    let configuration: ServerConfiguration
    private var listener: Int32
    private var acceptPausedUntil: Int64?

    var connections: [Connection?] = []
    var liveConnections = 0
    private var nextGeneration: UInt64 = 1
    var requestCounter: UInt64 = 0

    /// One 64 KiB read buffer for all connections of this loop: an idle connection owns no buffer.
    let scratch: UnsafeMutableRawBufferPointer
    var date = HTTPDate()
    /// The time of the current loop iteration; one clock read serves every event it handles.
    var now: Int64

    var shuttingDown = false
    private var shutdownDeadline = Int64.max

    // Deadlines in nanoseconds, converted once.
    let headerTimeout: Int64
    let idleTimeout: Int64
    let bodyWindow: Int64
    let writeTimeout: Int64
    let lingerTime: Int64 = 1_000_000_000
    private let tick: Int64

    static let readBufferSize = 64 * 1024

    init(loop: EventLoop, context: ServerContext, listener: Int32) {
        self.loop = loop
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
            let count = events.withUnsafeMutableBufferPointer {
                epoll_wait(loop.epollDescriptor, $0.baseAddress, Int32($0.count), tickMilliseconds)
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

    // MARK: Accepting

    private func watchListener() {
        guard listener >= 0 else { return }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = UInt64(UInt32(bitPattern: listener))
        epoll_ctl(loop.epollDescriptor, EPOLL_CTL_ADD, listener, &event)
    }

    private func closeListener() {
        guard listener >= 0 else { return }
        Glibc.close(listener)
        listener = -1
    }

    private func acceptConnections() {
        // A bounded batch keeps a connection storm from starving the connections already open.
        for _ in 0..<128 {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let descriptor = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                }
            }
            guard descriptor >= 0 else {
                switch errno {
                case EAGAIN, EWOULDBLOCK:
                    return
                case EINTR, ECONNABORTED:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // The listener stays readable, so without a pause the loop would spin on it.
                    context.logger.error("accept failed, pausing", metadata: ["errno": "\(errno)"])
                    epoll_ctl(loop.epollDescriptor, EPOLL_CTL_DEL, listener, nil)
                    acceptPausedUntil = now + 100_000_000
                    return
                default:
                    return
                }
            }
            let open = context.openConnections.add(1, ordering: .relaxed).newValue
            if open > configuration.maxConnections || shuttingDown {
                refuseOverCapacity(descriptor)
                continue
            }
            adopt(descriptor, address: SocketAddress.text(of: storage))
        }
    }

    private func refuseOverCapacity(_ descriptor: Int32) {
        let refusal = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        var bytes = Array(refusal.utf8)
        _ = send(descriptor, &bytes, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
        Glibc.close(descriptor)
        context.openConnections.subtract(1, ordering: .relaxed)
    }

    private func adopt(_ descriptor: Int32, address: String) {
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let generation = nextGeneration
        nextGeneration += 1
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        event.data.u64 = (generation & 0xFFFF_FFFF) << 32 | UInt64(UInt32(bitPattern: descriptor))
        guard epoll_ctl(loop.epollDescriptor, EPOLL_CTL_ADD, descriptor, &event) == 0 else {
            Glibc.close(descriptor)
            context.openConnections.subtract(1, ordering: .relaxed)
            return
        }
        let connection = Connection(
            descriptor: descriptor, generation: generation, remoteAddress: address,
            limits: configuration.parserLimits, deadline: now + headerTimeout)
        let slot = Int(descriptor)
        if slot >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: slot + 1 - connections.count + 64))
        }
        connections[slot] = connection
        liveConnections += 1
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
        case .shutdown(let gracePeriod):
            beginShutdown(gracePeriod: gracePeriod)
        }
    }

    private func beginShutdown(gracePeriod: Duration) {
        guard !shuttingDown else { return }
        shuttingDown = true
        shutdownDeadline = now + gracePeriod.nanoseconds
        epoll_ctl(loop.epollDescriptor, EPOLL_CTL_DEL, listener, nil)
        closeListener()
        for case let connection? in connections where connection.phase == .idle {
            close(connection)
        }
    }

    // MARK: Deadlines

    /// Looks at every connection's deadline. Runs every `timerTick`, so the cost is one pass over the
    /// loop's connections a few times a second, and no timer or thread per connection.
    private func sweep() {
        if let pausedUntil = acceptPausedUntil, now >= pausedUntil, !shuttingDown {
            acceptPausedUntil = nil
            watchListener()
        }
        let forceClose = shuttingDown && now >= shutdownDeadline
        for case let connection? in connections {
            if forceClose {
                close(connection)
                continue
            }
            switch connection.phase {
            case .idle, .lingering:
                if now >= connection.deadline { close(connection) }
            case .readingHead:
                if now >= connection.deadline { reject(connection, HTTPError(.requestTimeout)) }
            case .readingBody:
                let elapsed = now - connection.bodyWindowStart
                guard elapsed >= bodyWindow else { break }
                let required = Int64(configuration.minimumBodyBytesPerSecond) * elapsed / 1_000_000_000
                if Int64(connection.bodyWindowBytes) < required {
                    reject(connection, HTTPError(.requestTimeout, "The request body arrived too slowly."))
                } else {
                    connection.bodyWindowStart = now
                    connection.bodyWindowBytes = 0
                }
            case .writing:
                // Only a client that does not read is timed out, not a stream waiting for its producer.
                let clientOwesProgress = connection.outputSent < connection.output.count || connection.file != nil
                if clientOwesProgress && now - connection.lastWriteProgress >= writeTimeout { close(connection) }
            case .awaitingResponse, .closed:
                break
            }
        }
    }

    // MARK: Closing

    /// Closes at once: everything in progress is abandoned and its resources released.
    func close(_ connection: Connection) {
        guard connection.phase != .closed else { return }
        let wasAwaitingWorker = connection.phase == .awaitingResponse
        connection.phase = .closed
        connection.exchange.sink?.abort()
        connection.exchange.sink = nil
        connection.stream?.channel.cancel()
        connection.stream = nil
        if let file = connection.file { Glibc.close(file.descriptor) }
        connection.file = nil
        // A worker still holds the body; its response message removes the files instead.
        if !wasAwaitingWorker { connection.exchange.requestBody?.removeTemporaryFiles() }
        connection.exchange = Connection.Exchange()
        Glibc.close(connection.descriptor)
        connections[Int(connection.descriptor)] = nil
        liveConnections -= 1
        context.openConnections.subtract(1, ordering: .relaxed)
    }

    /// Ends the connection after its last response: half-closes our side, then discards what the
    /// client still sends for up to a second before closing.
    func closeAfterLastResponse(_ connection: Connection) {
        connection.phase = .lingering
        connection.deadline = now + lingerTime
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
