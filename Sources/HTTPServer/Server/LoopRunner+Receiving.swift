import Glibc

/// Reading requests: socket bytes into the parser, bodies into their sinks, finished requests to a
/// handler.
extension LoopRunner {
    /// Reads and parses until the socket is drained or the connection stops receiving (a request went
    /// to a handler, or the connection closed). Pipelined requests already received are parsed first.
    func readRequests(_ connection: Connection) {
        guard !connection.inReadPass else { return }
        connection.inReadPass = true
        defer { connection.inReadPass = false }

        var budget = LoopRunner.readBudget
        while connection.isReceiving {
            guard sinkTakesBytes(connection) else { return }
            if connection.pendingNeedsParse && !connection.pending.isEmpty {
                connection.pendingNeedsParse = false
                let consumed = connection.pending.withUnsafeBytes { feed(connection, $0) }
                if connection.phase == .closed || connection.phase == .lingering { return }
                connection.pending.removeFirst(consumed)
                releaseEmptyPending(connection)
                continue
            }
            connection.pendingNeedsParse = false
            guard connection.readable else { return }
            if budget <= 0 {
                // A fast upload must not hold the loop while other clients wait: the rest is read
                // after the other events of this turn.
                if !connection.awaitsResume {
                    connection.awaitsResume = true
                    resumable.append(connection)
                }
                return
            }
            let target = receivingBufferInPlace(connection) ?? scratch
            let count = receiveBytes(connection, into: target)
            if count > 0 {
                budget -= count
                // With edge-triggered epoll a short read means the socket is drained for now; new
                // bytes will raise a new event. Not so with TLS: SSL_read returns one record at a
                // time and may hold more already decrypted, so only EAGAIN (WANT_READ) says drained.
                if connection.tls == nil && count < target.count && !connection.peerClosedInput { connection.readable = false }
                received(UnsafeRawBufferPointer(rebasing: target[0..<count]), on: connection)
            } else if count == 0 {
                // The client closed its side. Between requests that is a normal goodbye; within one
                // it has vanished, and any partial body is thrown away.
                close(connection)
                return
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                connection.readable = false
                return
            } else if errno != EINTR {
                close(connection)
                return
            }
        }
    }

    /// An idle connection should own no buffer: thousands of keep-alive connections are the norm.
    private func releaseEmptyPending(_ connection: Connection) {
        if connection.pending.isEmpty && connection.pending.capacity > 0 { connection.pending = [] }
    }

    /// The sink's own memory for the next read, when it offers some (an upload's staging buffer):
    /// only in a body of declared length, with nothing pending before it, and no more than the body's
    /// remaining bytes, so that everything read there is this body's, unchanged, in order. Up to a
    /// turn's whole read budget at once, not the loop buffer's 256 KiB: fewer, larger reads took the
    /// server's CPU per GB uploaded from 1.64–1.69 s to 1.55–1.62 s (`capacity.py`, 3 rounds each).
    private func receivingBufferInPlace(_ connection: Connection) -> UnsafeMutableRawBufferPointer? {
        guard connection.phase == .readingBody, connection.pending.isEmpty,
              let remaining = connection.parser.remainingFixedBodyBytes, remaining > 0,
              let sink = connection.exchange.sink else { return nil }
        return sink.receivingBuffer(upTo: min(remaining, LoopRunner.readBudget))
    }

    private func received(_ input: UnsafeRawBufferPointer, on connection: Connection) {
        let count = input.count
        if connection.phase == .idle {
            connection.phase = .readingHead
            connection.deadline = now + headerTimeout
        }
        if connection.phase == .readingBody {
            connection.bodyWindowBytes += count
        }
        if connection.pending.isEmpty {
            // The common case: parse straight from the loop's buffer and keep only the leftovers.
            let consumed = feed(connection, input)
            if consumed < count && connection.phase != .closed && connection.phase != .lingering {
                connection.pending.append(contentsOf: input[consumed...])
                connection.pendingNeedsParse = !connection.isReceiving
            }
        } else {
            connection.pending.append(contentsOf: input)
            let consumed = connection.pending.withUnsafeBytes { feed(connection, $0) }
            if connection.phase != .closed && connection.phase != .lingering {
                connection.pending.removeFirst(consumed)
                connection.pendingNeedsParse = !connection.isReceiving
                releaseEmptyPending(connection)
            }
        }
    }

    /// Runs the parser over `input` while the connection is receiving; returns the bytes consumed.
    /// Never touches `connection.pending`, which may be the very buffer being parsed.
    private func feed(_ connection: Connection, _ input: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        while connection.isReceiving {
            let step: (event: RequestParser.Event, consumed: Int)
            do {
                step = try connection.parser.parse(UnsafeRawBufferPointer(rebasing: input[offset...]))
            } catch {
                reject(connection, error, unparsed: UnsafeRawBufferPointer(rebasing: input[offset...]))
                return offset
            }
            let base = offset
            offset += step.consumed
            switch step.event {
            case .needMore:
                if connection.phase == .idle && !connection.parser.isIdle {
                    connection.phase = .readingHead
                    connection.deadline = now + headerTimeout
                }
                return offset
            case .head(let head):
                if connection.phase == .idle {
                    connection.phase = .readingHead
                }
                begin(head, on: connection)
            case .body(let range):
                let bytes = UnsafeRawBufferPointer(
                    rebasing: input[(base + range.lowerBound)..<(base + range.upperBound)])
                receiveBody(bytes, on: connection)
            case .end(let trailers):
                end(connection, trailers: trailers)
            }
        }
        return offset
    }

    private func begin(_ head: RequestHead, on connection: Connection) {
        var head = head
        head.remoteAddress = connection.remoteAddress
        let policy = context.responder.prepare(&head)
        let limit = policy.maxBodyBytes ?? configuration.defaultMaxBodyBytes
        connection.exchange = Connection.Exchange(head: head, policy: policy, bodyLimit: limit)
        switch head.framing {
        case .none, .length(0):
            return
        case .length(let length) where length > limit:
            // Refused on the declared length alone: not one byte of the body is read.
            reject(connection, HTTPError(.contentTooLarge, "The request body is larger than \(limit) bytes."))
            return
        default:
            break
        }
        do {
            connection.exchange.sink = try policy.makeSink(head)
            context.bodiesInProgress.add(1, ordering: .relaxed)
        } catch {
            reject(connection, error)
            return
        }
        connection.phase = .readingBody
        connection.bodyWindowStart = now
        connection.bodyWindowBytes = 0
        if head.expectsContinue {
            // Sent only now that the body will be read; a refusal above goes out instead of it.
            connection.output.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
            writeInterim(connection)
        }
    }

    private func receiveBody(_ bytes: UnsafeRawBufferPointer, on connection: Connection) {
        connection.exchange.bodyReceived += bytes.count
        if connection.exchange.bodyReceived > connection.exchange.bodyLimit {
            reject(
                connection,
                HTTPError(.contentTooLarge, "The request body is larger than \(connection.exchange.bodyLimit) bytes."))
            return
        }
        do {
            try connection.exchange.sink?.write(bytes)
        } catch {
            reject(connection, error)
        }
    }

    private func end(_ connection: Connection, trailers: HTTPHeaders) {
        let body: RequestBody
        do {
            body = try connection.exchange.sink?.finish() ?? .empty
        } catch {
            reject(connection, error)
            return
        }
        dropSink(connection, abort: false)
        connection.exchange.requestBody = body
        guard let head = connection.exchange.head else { return }
        let request = HTTPRequest(head: head, body: body, trailers: trailers, requestID: nextRequestID())
        dispatch(request, on: connection)
    }

    /// Runs the handler inline or hands the request to a worker; a full pool answers 503 at once.
    private func dispatch(_ request: HTTPRequest, on connection: Connection) {
        connection.phase = .awaitingResponse
        let isHead = connection.exchange.isHead
        if connection.exchange.policy.runsInline {
            let response = RequestDispatch.respond(to: request, with: context.responder, logger: context.logger)
            if case .stream(let stream) = response.body, !isHead, !response.status.forbidsBody {
                // A producer may block, so even for an inline route it runs on a worker.
                let channel = makeChannel(for: connection.id)
                let submitted = context.workers.submit {
                    RequestDispatch.produce(stream, into: channel)
                }
                guard submitted else {
                    startResponse(connection, serverMade(RequestDispatch.overloaded, for: request.head), channel: nil)
                    return
                }
                startResponse(connection, response, channel: channel)
            } else {
                startResponse(connection, response, channel: nil)
            }
            return
        }
        let loop = self.loop
        let id = connection.id
        let responder = context.responder
        let logger = context.logger
        let streamLimit = configuration.streamBufferBytes
        let submitted = context.workers.submit {
            RequestDispatch.runOnWorker(
                request, responder: responder, logger: logger, isHead: isHead, loop: loop, connection: id,
                streamBufferBytes: streamLimit)
        }
        if !submitted {
            startResponse(connection, serverMade(RequestDispatch.overloaded, for: request.head), channel: nil)
        }
    }

    func makeChannel(for id: ConnectionID) -> ResponseStreamChannel {
        let loop = self.loop
        return ResponseStreamChannel(limit: configuration.streamBufferBytes) {
            loop.post(.streamReady(id))
        }
    }

    /// Answers a request that cannot be served with the error's status, then closes the connection:
    /// after a refusal the rest of what the client sent cannot be trusted to be framed as we think.
    /// `unparsed` holds the bytes of a head the parser refused, when the refusal came from it.
    func reject(_ connection: Connection, _ error: any Error, unparsed: UnsafeRawBufferPointer? = nil) {
        let failure = RequestFailure(error)
        if failure.isUnexpected {
            context.logger.error("request body sink failed", metadata: ["error": "\(error)"])
        }
        let head: RequestHead
        if let known = connection.exchange.head {
            head = known
        } else if let unparsed {
            head = UnparsedRequestLine.head(from: unparsed)
        } else {
            // A deadline while the head arrives: what came so far waits, unconsumed, in `pending`.
            head = connection.pending.withUnsafeBytes { UnparsedRequestLine.head(from: $0) }
        }
        dropSink(connection, abort: true)
        connection.closeAfterResponse = true
        connection.phase = .awaitingResponse
        startResponse(connection, serverMade(failure, for: head), channel: nil, forceClose: true)
    }

    /// A response of the server's own, rendered by the configuration's `serverErrorRenderer`, with
    /// `serverResponseHeaders` added where not already set.
    func serverMade(_ failure: RequestFailure, for head: RequestHead) -> HTTPResponse {
        var response = configuration.serverErrorRenderer.render(failure, HTTPRequest(head: head))
        for field in configuration.serverResponseHeaders where !response.headers.contains(field.name) {
            response.headers.add(field.name, field.value)
        }
        return response
    }
}
