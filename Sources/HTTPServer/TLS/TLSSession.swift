import COpenSSL
import Glibc

/// One connection's TLS state, used only on the thread of the event loop that owns the connection.
///
/// `read` and `write` behave like the socket calls they replace on a non-blocking socket: a count
/// of bytes, 0 at a clean end, or -1 with `errno` set to EAGAIN when OpenSSL needs the socket to
/// become readable or writable (WANT_READ / WANT_WRITE; the handshake runs inside the first calls).
/// The loop registers for both directions edge-triggered, so either event retries the call.
final class TLSSession {
    private let ssl: OpaquePointer

    init(ssl: OpaquePointer) { self.ssl = ssl }

    deinit { SSL_free(ssl) }

    func read(_ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        ERR_clear_error()
        let result = SSL_read(ssl, buffer, Int32(min(count, Int(Int32.max))))
        return result > 0 ? Int(result) : translate(result)
    }

    func write(_ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        guard count > 0 else { return 0 }
        ERR_clear_error()
        let result = SSL_write(ssl, buffer, Int32(min(count, Int(Int32.max))))
        return result > 0 ? Int(result) : translate(result)
    }

    /// Sends close_notify once, without waiting for the peer's; a full socket just skips it.
    func shutdown() {
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    private func translate(_ result: Int32) -> Int {
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            errno = EAGAIN
            return -1
        case SSL_ERROR_ZERO_RETURN:
            return 0
        case SSL_ERROR_SYSCALL where errno == EINTR:
            return -1
        default:
            // A failed handshake (an old protocol version, no shared cipher) or a broken record.
            ERR_clear_error()
            errno = ECONNRESET
            return -1
        }
    }
}
