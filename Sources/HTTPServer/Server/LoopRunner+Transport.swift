import CLinuxIO
import Glibc

/// The byte transport under HTTP: the socket itself, or OpenSSL on top of it. Both return what
/// read(2)/send(2) would on a non-blocking socket, so the loop's code is the same for HTTP and HTTPS.
extension LoopRunner {
    func receiveBytes(_ connection: Connection, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        if let tls = connection.tls { return tls.read(buffer.baseAddress!, buffer.count) }
        return read(connection.descriptor, buffer.baseAddress, buffer.count)
    }

    func transmit(_ connection: Connection, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        if let tls = connection.tls { return tls.write(bytes, count) }
        return send(connection.descriptor, bytes, count, Int32(MSG_NOSIGNAL))
    }

    /// sendfile cannot encrypt: read the next piece of the file and write it through TLS. After
    /// EAGAIN the same piece is read again from the same offset, which is what SSL_write's retry
    /// rule asks for (same bytes, same length).
    func sendFileThroughTLS(_ connection: Connection, _ file: inout Connection.FileTransfer) -> Int {
        let length = min(file.remaining, scratch.count, 16 * 1024)
        let got = pread(file.descriptor, scratch.baseAddress, length, file.offset)
        if got == 0 { errno = EIO }  // the file shrank: the announced length cannot be met
        guard got > 0 else { return -1 }
        let sent = transmit(connection, scratch.baseAddress!, got)
        if sent > 0 { file.offset += off_t(sent) }
        return sent
    }
}
