import CLinuxIO
import Glibc
import Synchronization

/// Accepting connections from the loop's own listening socket, within the connection cap.
extension LoopRunner {
    func watchListener() {
        guard listener >= 0 else { return }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = UInt64(UInt32(bitPattern: listener))
        epoll_ctl(loop.epollDescriptor, EPOLL_CTL_ADD, listener, &event)
    }

    func closeListener() {
        guard listener >= 0 else { return }
        Glibc.close(listener)
        listener = -1
    }

    func acceptConnections() {
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
            let target = leastLoadedLoop()
            target.connectionCount.add(1, ordering: .relaxed)
            if target === loop {
                adopt(descriptor, address: SocketAddress.text(of: storage))
            } else {
                target.post(.adopt(descriptor: descriptor, address: SocketAddress.text(of: storage)))
            }
        }
    }

    /// Where a new connection should be served. The kernel spreads connections over the listening
    /// sockets by a hash of their addresses, which for 64 connections on two loops is often 38 to 26;
    /// the busier loop's clients then wait longer for every answer, and that is the tail of the
    /// latency. So a connection moves to the loop with the fewest, but only when this one has at
    /// least two more: a busy stream of short connections mostly stays where it was accepted, without
    /// a cross-thread wake for each.
    private func leastLoadedLoop() -> EventLoop {
        let own = loop.connectionCount.load(ordering: .relaxed)
        var best = loop
        var bestCount = own - 1
        for peer in peers where peer !== loop {
            let count = peer.connectionCount.load(ordering: .relaxed)
            if count < bestCount {
                best = peer
                bestCount = count
            }
        }
        return best
    }

    func refuseOverCapacity(_ descriptor: Int32) {
        let refusal = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        var bytes = Array(refusal.utf8)
        // Plain text on a TLS port would only confuse the client: close without a word there.
        if configuration.tls == nil { _ = send(descriptor, &bytes, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
        Glibc.close(descriptor)
        context.openConnections.subtract(1, ordering: .relaxed)
    }

    func adopt(_ descriptor: Int32, address: String) {
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let generation = nextGeneration
        nextGeneration += 1
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        event.data.u64 = (generation & 0xFFFF_FFFF) << 32 | UInt64(UInt32(bitPattern: descriptor))
        guard epoll_ctl(loop.epollDescriptor, EPOLL_CTL_ADD, descriptor, &event) == 0 else {
            Glibc.close(descriptor)
            loop.connectionCount.subtract(1, ordering: .relaxed)
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
        if let tls = configuration.tls {
            guard let session = tls.makeSession(descriptor: descriptor) else {
                epoll_ctl(loop.epollDescriptor, EPOLL_CTL_DEL, descriptor, nil)
                Glibc.close(descriptor)
                loop.connectionCount.subtract(1, ordering: .relaxed)
                context.openConnections.subtract(1, ordering: .relaxed)
                return
            }
            connection.tls = session
        }
        connections[slot] = connection
        liveConnections += 1
    }
}
