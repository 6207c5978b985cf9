import Logging

/// Running a handler and turning what it returns or throws into a response.
enum RequestDispatch {
    /// Calls the responder; an `HTTPStatusError` becomes its status, anything else a logged 500.
    static func respond(to request: HTTPRequest, with responder: any HTTPResponder, logger: Logger) -> HTTPResponse {
        do {
            return try responder.respond(to: request)
        } catch let error as any HTTPStatusError {
            return .error(error.status, message: error.clientMessage)
        } catch {
            logger.error(
                "handler failed",
                metadata: ["request-id": "\(request.requestID)", "path": "\(request.path)", "error": "\(error)"])
            return .error(.internalServerError)
        }
    }

    /// The answer when every worker is busy and the queue is full.
    static let overloaded = RequestFailure(status: .serviceUnavailable, message: "The server is busy. Please try again.",
                                           headers: ["Retry-After": "1"])

    /// The job a worker runs: the handler, then, for a streamed body, its producer.
    static func runOnWorker(
        _ request: HTTPRequest, responder: any HTTPResponder, logger: Logger, isHead: Bool, loop: EventLoop,
        connection: ConnectionID, streamBufferBytes: Int
    ) {
        let response = respond(to: request, with: responder, logger: logger)
        guard case .stream(let stream) = response.body, !isHead, !response.status.forbidsBody else {
            loop.post(.response(connection, response, nil, requestBody: request.body))
            return
        }
        let channel = ResponseStreamChannel(limit: streamBufferBytes) {
            loop.post(.streamReady(connection))
        }
        // The head goes out while the producer starts writing; the channel bounds how far it runs ahead.
        loop.post(.response(connection, response, channel, requestBody: request.body))
        produce(stream, into: channel)
    }

    static func produce(_ stream: ResponseStream, into channel: ResponseStreamChannel) {
        do {
            try stream.produce(ChannelBodyWriter(channel: channel))
            channel.finish(failed: false)
        } catch {
            channel.finish(failed: true)
        }
    }
}
