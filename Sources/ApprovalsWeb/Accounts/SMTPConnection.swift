import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One SMTP session's socket: reads replies (multi-line ones too) and writes commands.
final class SMTPConnection {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(host: String, port: UInt16, timeoutSeconds: Int) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw SMTPMailer.Failure(description: "The SMTP host \(host) could not be found.")
        }
        defer { freeaddrinfo(list) }
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        var connected: Int32 = -1
        while let info = candidate, connected < 0 {
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0 {
                var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { connected = fd } else { Glibc.close(fd) }
            }
            candidate = info.pointee.ai_next
        }
        guard connected >= 0 else { throw SMTPMailer.Failure(description: "Could not connect to the SMTP server at \(host):\(port).") }
        descriptor = connected
    }

    func close() { Glibc.close(descriptor) }

    func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw SMTPMailer.Failure(description: "The SMTP server closed the connection while we wrote.") }
            sent += n
        }
    }

    func command(_ line: String, expect codes: Int...) throws {
        try write(line + "\r\n")
        try expect(codes)
    }

    func expect(_ codes: Int...) throws { try expect(codes) }

    /// Reads one reply (the lines `250-…` up to `250 …`) and checks its code.
    func expect(_ codes: [Int]) throws {
        while true {
            let line = try readLine()
            guard line.count >= 3, let code = Int(line.prefix(3)) else {
                throw SMTPMailer.Failure(description: "The SMTP server sent an unreadable reply: \(line.prefix(100))")
            }
            if line.count > 3 && line[line.index(line.startIndex, offsetBy: 3)] == "-" { continue }
            guard codes.contains(code) else { throw SMTPMailer.Failure(description: "The SMTP server refused: \(line.prefix(200))") }
            return
        }
    }

    private func readLine() throws -> String {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<end], as: UTF8.self).trimmingCharacters(in: .newlines)
                buffer.removeSubrange(...end)
                return line
            }
            guard buffer.count < 65536 else { throw SMTPMailer.Failure(description: "The SMTP server sent a line too long.") }
            let n = recv(descriptor, &chunk, chunk.count, 0)
            guard n > 0 else { throw SMTPMailer.Failure(description: "The SMTP server closed the connection or did not answer in time.") }
            buffer += chunk[0..<n]
        }
    }
}
