import Glibc

/// The server's listening socket: non-blocking, bound and listening, shared by every event loop.
struct ListeningSocket {
    let descriptor: Int32
    let port: Int

    /// Binds the first address `host` resolves to. With `reusePort` several sockets can bind the same
    /// port and the kernel spreads new connections over them, one socket per event loop.
    static func bind(host: String, port: Int, backlog: Int, reusePort: Bool) throws -> ListeningSocket {
        try bind(host: host, port: port, backlog: backlog, reusePort: reusePort, listening: true)
    }

    /// Finds out whether `port` is free by binding it without SO_REUSEPORT. The loops' sockets share
    /// their port with SO_REUSEPORT, which would also let them share it with another running server;
    /// this check makes a second server fail with EADDRINUSE instead of silently taking half the
    /// connections. (A server started in the instant between this check and its own binds could
    /// still share the port; starting two servers on one fixed port at the same moment is not a
    /// case worth a lock file.)
    static func claimPort(host: String, port: Int) throws -> Int {
        let probe = try bind(host: host, port: port, backlog: 0, reusePort: false, listening: false)
        close(probe.descriptor)
        return probe.port
    }

    private static func bind(
        host: String, port: Int, backlog: Int, reusePort: Bool, listening: Bool
    ) throws -> ListeningSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw HTTPServerError.unresolvableHost(host)
        }
        defer { freeaddrinfo(list) }
        let address = first.pointee

        let descriptor = socket(
            address.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw HTTPServerError.systemCall("socket", errno: errno) }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if reusePort {
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        guard Glibc.bind(descriptor, address.ai_addr, address.ai_addrlen) == 0 else {
            let error = errno
            close(descriptor)
            throw HTTPServerError.systemCall("bind", errno: error)
        }
        guard !listening || listen(descriptor, Int32(clamping: backlog)) == 0 else {
            let error = errno
            close(descriptor)
            throw HTTPServerError.systemCall("listen", errno: error)
        }
        return ListeningSocket(descriptor: descriptor, port: boundPort(descriptor) ?? port)
    }

    private static func boundPort(_ descriptor: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard result == 0 else { return nil }
        return SocketAddress.describe(storage).port
    }
}

/// Text forms of socket addresses, for `RequestHead.remoteAddress` and logs.
enum SocketAddress {
    static func describe(_ storage: sockaddr_storage) -> (host: String, port: Int) {
        var storage = storage
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var inAddress = address.pointee.sin_addr
                    inet_ntop(AF_INET, &inAddress, &buffer, socklen_t(buffer.count))
                    return (text(buffer), Int(UInt16(bigEndian: address.pointee.sin_port)))
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var inAddress = address.pointee.sin6_addr
                    inet_ntop(AF_INET6, &inAddress, &buffer, socklen_t(buffer.count))
                    return (text(buffer), Int(UInt16(bigEndian: address.pointee.sin6_port)))
                }
            }
        default:
            return ("unknown", 0)
        }
    }

    /// `host:port`, with brackets around IPv6 hosts.
    static func text(of storage: sockaddr_storage) -> String {
        let (host, port) = describe(storage)
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// CLOCK_MONOTONIC in nanoseconds: deadlines must not move when the wall clock is set.
enum MonotonicClock {
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
