import CLinuxIO
import Glibc

/// Shutdown and the periodic look at every connection's deadline.
extension LoopRunner {
    /// Stops accepting and closes idle connections; the rest close after their response (which says
    /// `Connection: close`) or when the grace period ends.
    func beginShutdown(gracePeriod: Duration) {
        guard !shuttingDown else { return }
        shuttingDown = true
        shutdownDeadline = now + gracePeriod.nanoseconds
        epoll_ctl(loop.epollDescriptor, EPOLL_CTL_DEL, listener, nil)
        closeListener()
        for case let connection? in connections where connection.phase == .idle {
            close(connection)
        }
    }

    /// Looks at every connection's deadline. Runs every `timerTick`, so the cost is one pass over the
    /// loop's connections a few times a second, and no timer or thread per connection.
    func sweep() {
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
                if connection.waitsForSink {
                    // The server is the slow one: the client is not timed out for our disk.
                    connection.bodyWindowStart = now
                    connection.bodyWindowBytes = 0
                    break
                }
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
                let clientOwesProgress = connection.hasBytesToSend || connection.file != nil
                if clientOwesProgress && now - connection.lastWriteProgress >= writeTimeout { close(connection) }
            case .awaitingResponse, .closed:
                break
            }
        }
    }
}
