import CLinuxIO
import Glibc

/// Writing responses: the head, then bytes, a file by sendfile, or a stream from its channel, all
/// without blocking; a partial write waits for the socket to become writable again.
extension LoopRunner {
    /// Begins writing `response` for the connection's current request.
    func startResponse(
        _ connection: Connection, _ response: HTTPResponse, channel: ResponseStreamChannel?, forceClose: Bool = false
    ) {
        let exchange = connection.exchange
        var close =
            forceClose || !exchange.keepAlive || shuttingDown
            || response.headers.containsToken("close", in: "Connection")
        let sendsBody = !exchange.isHead && !response.status.forbidsBody
        var length: Int?
        var chunked = false

        switch response.body {
        case .empty:
            length = 0
        case .bytes(let bytes):
            length = bytes.count
        case .file(let region):
            guard let transfer = openFile(region) else {
                context.logger.error("file response could not be opened", metadata: ["path": "\(region.path)"])
                startResponse(connection, serverMade(RequestFailure(status: .internalServerError, message: RequestFailure.unexpectedMessage),
                                                     for: exchange.head ?? RequestHead(method: .get, target: "/")),
                              channel: nil, forceClose: forceClose)
                return
            }
            length = transfer.remaining
            if sendsBody {
                connection.file = transfer
            } else {
                Glibc.close(transfer.descriptor)
            }
        case .stream(let stream):
            // A negative length is a handler bug; sending the body chunked keeps the framing sound.
            length = stream.length.flatMap { $0 >= 0 ? $0 : nil }
            if sendsBody, let channel {
                if length == nil {
                    // HTTP/1.0 has no chunked coding: the end of the body is the end of the connection.
                    if exchange.version == .http1_1 { chunked = true } else { close = true }
                }
                connection.stream = Connection.StreamTransfer(channel: channel, chunked: chunked, remaining: length)
            } else {
                channel?.cancel()
            }
        }

        writeHead(
            of: response, into: &connection.output, length: length, chunked: chunked, close: close,
            version: exchange.version)
        if sendsBody, case .bytes(let bytes) = response.body, !bytes.isEmpty {
            if connection.tls == nil {
                // Sent from the handler's array beside the head: a page is not copied once more.
                connection.body = bytes
                connection.bodySent = 0
            } else {
                connection.output.append(contentsOf: bytes)
            }
        }
        connection.closeAfterResponse = close
        connection.phase = .writing
        connection.lastWriteProgress = now
        flush(connection)
    }

    private func openFile(_ region: FileRegion) -> Connection.FileTransfer? {
        let descriptor = open(region.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            Glibc.close(descriptor)
            return nil
        }
        let size = Int(status.st_size)
        let range = region.range ?? 0..<size
        guard range.lowerBound >= 0, range.upperBound <= size else {
            Glibc.close(descriptor)
            return nil
        }
        return Connection.FileTransfer(descriptor: descriptor, offset: off_t(range.lowerBound), remaining: range.count)
    }

    /// Status line and fields. The framing fields (Content-Length, Transfer-Encoding, Connection) and
    /// Date are always the server's own, so a handler cannot make them disagree with the body.
    private func writeHead(
        of response: HTTPResponse, into output: inout [UInt8], length: Int?, chunked: Bool, close: Bool,
        version: HTTPVersion
    ) {
        let code = (100...999).contains(response.status.code) ? response.status.code : 500
        output.reserveCapacity(output.count + 512)
        output.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(code, to: &output)
        output.append(HTTPSyntax.space)
        let reason = response.status.reasonPhrase
        output.append(contentsOf: (LoopRunner.isSafeFieldValue(reason) ? reason : "Status").utf8)
        output.append(contentsOf: "\r\n".utf8)
        for field in response.headers {
            // A CR or LF from a handler (say, a header built from user input) would let the client's
            // data forge headers or a whole second response, so such a field is dropped.
            if ResponseField.append(name: field.name, value: field.value, to: &output) == .dropped {
                context.logger.error("dropped a response header with invalid characters", metadata: ["name": "\(field.name)"])
            }
        }
        output.append(contentsOf: "Date: ".utf8)
        output.append(contentsOf: date.current())
        output.append(contentsOf: "\r\n".utf8)
        if response.status.code == 204 || response.status.isInformational {
            // These never carry Content-Length (RFC 9110 §8.6).
        } else if chunked {
            output.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        } else if let length, response.status.code != 304 {
            output.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(length, to: &output)
            output.append(contentsOf: "\r\n".utf8)
        }
        if close {
            output.append(contentsOf: "Connection: close\r\n".utf8)
        } else if version == .http1_0 {
            output.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        output.append(contentsOf: "\r\n".utf8)
    }

    /// Field values may hold tabs and visible characters but no CR, LF or other controls.
    static func isSafeFieldValue(_ value: String) -> Bool {
        value.utf8.allSatisfy(HTTPSyntax.isFieldValueByte)
    }

    private func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        // Digits go in least significant first and are turned around in place: no array per number.
        let start = output.count
        var rest = value
        repeat {
            output.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10))
            rest /= 10
        } while rest > 0
        output[start...].reverse()
    }

    /// Writes what the socket takes now: output bytes, then the file, then whatever the stream has.
    /// Returns when the socket is full (the next EPOLLOUT resumes), when a stream has nothing yet (its
    /// channel wakes the loop), or when the response is complete.
    func flush(_ connection: Connection) {
        while connection.phase == .writing {
            if connection.hasBytesToSend {
                guard writeOutput(connection) else { return }
                continue
            }
            connection.body = []
            connection.bodySent = 0
            // Small responses reuse the buffer; a big one must not stay allocated on an idle connection.
            if connection.output.capacity > 8 * 1024 {
                connection.output = []
            } else {
                connection.output.removeAll(keepingCapacity: true)
            }
            connection.outputSent = 0

            if connection.file != nil {
                guard sendFile(connection) else { return }
                continue
            }
            if connection.stream != nil {
                guard relayStream(connection) else { return }
                continue
            }
            finishResponse(connection)
            return
        }
    }

    /// Sends pending output, then the bytes body, in one call while both are pending; false when the
    /// socket is full or the connection closed.
    private func writeOutput(_ connection: Connection) -> Bool {
        let sent: Int
        if connection.bodySent < connection.body.count {
            sent = connection.output.withUnsafeBytes { head in
                connection.body.withUnsafeBytes { body in
                    sendPair(connection.descriptor, head, from: connection.outputSent, body, from: connection.bodySent)
                }
            }
        } else {
            sent = connection.output.withUnsafeBytes { bytes in
                transmit(connection, bytes.baseAddress! + connection.outputSent, bytes.count - connection.outputSent)
            }
        }
        if sent > 0 {
            connection.recordSent(sent)
            connection.lastWriteProgress = now
            return true
        }
        if sent < 0 && errno == EINTR { return true }
        if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return false }
        close(connection)
        return false
    }

    /// `first[firstStart...]` then `second[secondStart...]` in one gathered `sendmsg` (MSG_NOSIGNAL, as
    /// `transmit`); returns what send(2) would. Either part may be empty.
    private func sendPair(_ socket: Int32, _ first: UnsafeRawBufferPointer, from firstStart: Int,
                          _ second: UnsafeRawBufferPointer, from secondStart: Int) -> Int {
        withUnsafeTemporaryAllocation(of: iovec.self, capacity: 2) { parts in
            parts[0] = iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress.map { $0 + firstStart }),
                             iov_len: first.count - firstStart)
            parts[1] = iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress.map { $0 + secondStart }),
                             iov_len: second.count - secondStart)
            var message = msghdr()
            message.msg_iov = parts.baseAddress
            message.msg_iovlen = 2
            return sendmsg(socket, &message, Int32(MSG_NOSIGNAL))
        }
    }

    /// Writes an interim response (100 Continue) while the request is still being received.
    func writeInterim(_ connection: Connection) {
        while connection.outputSent < connection.output.count {
            let sent = connection.output.withUnsafeBytes { bytes in
                transmit(connection, bytes.baseAddress! + connection.outputSent, bytes.count - connection.outputSent)
            }
            if sent > 0 {
                connection.outputSent += sent
            } else if sent < 0 && errno == EINTR {
                continue
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return
            } else {
                close(connection)
                return
            }
        }
        connection.output.removeAll(keepingCapacity: true)
        connection.outputSent = 0
    }

    /// Sends file bytes with sendfile; false when the socket is full or the connection closed.
    private func sendFile(_ connection: Connection) -> Bool {
        guard var file = connection.file else { return true }
        if file.remaining == 0 {
            Glibc.close(file.descriptor)
            connection.file = nil
            return true
        }
        let sent = connection.tls == nil
            ? sendfile(connection.descriptor, file.descriptor, &file.offset, min(file.remaining, 1 << 20))
            : sendFileThroughTLS(connection, &file)
        if sent > 0 {
            file.remaining -= sent
            connection.file = file
            connection.lastWriteProgress = now
            return true
        }
        if sent < 0 && errno == EINTR { return true }
        if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return false }
        // An error, or the file shrank under us: the announced length can no longer be met.
        close(connection)
        return false
    }

    /// Moves what the stream's producer has written into the output; false when there is nothing yet.
    private func relayStream(_ connection: Connection) -> Bool {
        guard var stream = connection.stream else { return true }
        let taken = stream.channel.take()
        if !taken.chunks.isEmpty { connection.lastWriteProgress = now }
        for chunk in taken.chunks {
            if let remaining = stream.remaining {
                guard chunk.count <= remaining else {
                    // The producer broke its promised Content-Length; the framing is lost.
                    context.logger.error("streamed body longer than its declared length")
                    close(connection)
                    return false
                }
                stream.remaining = remaining - chunk.count
            }
            if stream.chunked {
                connection.output.append(contentsOf: String(chunk.count, radix: 16).utf8)
                connection.output.append(contentsOf: "\r\n".utf8)
                connection.output.append(contentsOf: chunk)
                connection.output.append(contentsOf: "\r\n".utf8)
            } else {
                connection.output.append(contentsOf: chunk)
            }
        }
        if taken.finished {
            connection.stream = nil
            if taken.failed || (stream.remaining ?? 0) != 0 {
                // Ending without the last chunk (or short of the length) tells the client the body
                // is incomplete; the output already queued is dropped with the connection.
                close(connection)
                return false
            }
            if stream.chunked { connection.output.append(contentsOf: "0\r\n\r\n".utf8) }
            return true
        }
        connection.stream = stream
        return !connection.output.isEmpty
    }

    /// The response is out: clean up, then either close or go back to reading the next request.
    private func finishResponse(_ connection: Connection) {
        connection.exchange.requestBody?.removeTemporaryFiles()
        connection.exchange = Connection.Exchange()
        if connection.closeAfterResponse {
            closeAfterLastResponse(connection)
            return
        }
        // Pipelined bytes already received are parsed next, and move the phase on if they hold a
        // request's beginning.
        connection.phase = .idle
        connection.deadline = now + idleTimeout
        connection.pendingNeedsParse = true
        if !connection.inReadPass {
            readRequests(connection)
        }
    }
}
