import CLinuxIO
import Glibc
import Synchronization

/// Names one connection of one event loop. The descriptor alone is not enough: once a connection
/// closes its number is reused, and a late response must not reach the newcomer.
struct ConnectionID: Hashable, Sendable {
    var descriptor: Int32
    var generation: UInt64
}

/// What other threads tell an event loop.
enum LoopMessage: Sendable {
    /// A worker finished a handler. `requestBody` comes back so its temporary files can be removed
    /// even if the connection has gone meanwhile.
    case response(ConnectionID, HTTPResponse, ResponseStreamChannel?, requestBody: RequestBody)
    /// A streamed response has bytes (or its end) waiting in its channel.
    case streamReady(ConnectionID)
    /// A request body's sink can take bytes again (see `RequestBodySink.isReadyForBytes`).
    case sinkReady(ConnectionID)
    /// Stop accepting, finish in-flight requests within the grace period, then end the loop.
    case shutdown(gracePeriod: Duration)
    /// A connection accepted by another loop, handed over because this loop had fewer (see
    /// `LoopRunner.acceptConnections`). Already counted in `connectionCount` and `openConnections`.
    case adopt(descriptor: Int32, address: String)
}

/// The thread-safe face of one event loop: its epoll instance, the eventfd that wakes it, and the
/// mailbox other threads post to. The loop's own state lives in `LoopRunner`, on the loop's thread.
final class EventLoop: Sendable {
    let index: Int
    let epollDescriptor: Int32
    let wakeDescriptor: Int32
    private let mailbox = Mutex<[LoopMessage]>([])
    /// Connections this loop serves or has been handed and not yet adopted; read by the other loops
    /// when they choose where a new connection goes.
    let connectionCount = Atomic<Int>(0)

    init(index: Int) throws {
        self.index = index
        epollDescriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollDescriptor >= 0 else { throw HTTPServerError.systemCall("epoll_create1", errno: errno) }
        wakeDescriptor = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeDescriptor >= 0 else {
            close(epollDescriptor)
            throw HTTPServerError.systemCall("eventfd", errno: errno)
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = UInt64(UInt32(bitPattern: wakeDescriptor))
        epoll_ctl(epollDescriptor, EPOLL_CTL_ADD, wakeDescriptor, &event)
    }

    deinit {
        close(wakeDescriptor)
        close(epollDescriptor)
    }

    /// Queues `message` and wakes the loop if it may be asleep. Only the first message into an empty
    /// mailbox writes to the eventfd: the loop empties the whole mailbox on each wake.
    func post(_ message: LoopMessage) {
        let wasEmpty = mailbox.withLock { messages -> Bool in
            messages.append(message)
            return messages.count == 1
        }
        if wasEmpty {
            var one: UInt64 = 1
            _ = write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
        }
    }

    /// Called by the loop when the eventfd is readable. The eventfd is cleared before the mailbox is
    /// emptied, so a message posted in between causes one more (harmless) wake instead of being missed.
    func takeMessages() -> [LoopMessage] {
        var count: UInt64 = 0
        _ = read(wakeDescriptor, &count, MemoryLayout<UInt64>.size)
        return mailbox.withLock { messages in
            let taken = messages
            messages = []
            return taken
        }
    }
}
