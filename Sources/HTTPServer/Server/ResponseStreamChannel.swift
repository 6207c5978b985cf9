import Dispatch
import Synchronization

/// Carries a streamed response body from the worker that produces it to the event loop that sends it.
///
/// The producer may run ahead of the client by at most `limit` bytes; then `write` blocks the worker
/// until the loop has taken what is buffered. Once the connection is gone `write` throws, so the
/// producer stops instead of filling a buffer no one reads.
final class ResponseStreamChannel: Sendable {
    struct Taken {
        var chunks: [[UInt8]]
        var finished: Bool
        var failed: Bool
    }

    private struct State {
        var chunks: [[UInt8]] = []
        var buffered = 0
        var finished = false
        var failed = false
        var cancelled = false
        /// Whether the loop has been told there is something to take since it last took.
        var notified = false
        var producerWaiting = false
    }

    private let state = Mutex(State())
    private let spaceAvailable = DispatchSemaphore(value: 0)
    private let limit: Int
    private let notifyLoop: @Sendable () -> Void

    init(limit: Int, notifyLoop: @escaping @Sendable () -> Void) {
        self.limit = max(1, limit)
        self.notifyLoop = notifyLoop
    }

    // MARK: Producer side (worker thread)

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        let chunk = [UInt8](bytes)
        while true {
            enum Outcome { case appended(notify: Bool), wait, cancelled }
            let outcome = state.withLock { state -> Outcome in
                if state.cancelled { return .cancelled }
                guard state.buffered < limit else {
                    state.producerWaiting = true
                    return .wait
                }
                state.chunks.append(chunk)
                state.buffered += chunk.count
                let notify = !state.notified
                state.notified = true
                return .appended(notify: notify)
            }
            switch outcome {
            case .appended(let notify):
                if notify { notifyLoop() }
                return
            case .wait:
                spaceAvailable.wait()
            case .cancelled:
                throw HTTPError(.internalServerError, "The client has gone.")
            }
        }
    }

    /// Marks the end of the body; `failed` means the producer threw and the body is incomplete.
    func finish(failed: Bool) {
        let notify = state.withLock { state -> Bool in
            state.finished = true
            state.failed = failed
            let notify = !state.notified
            state.notified = true
            return notify
        }
        if notify { notifyLoop() }
    }

    // MARK: Loop side

    /// Everything buffered so far, waking the producer if it waits for space.
    func take() -> Taken {
        let (taken, wake) = state.withLock { state -> (Taken, Bool) in
            let taken = Taken(chunks: state.chunks, finished: state.finished, failed: state.failed)
            state.chunks = []
            state.buffered = 0
            state.notified = false
            let wake = state.producerWaiting
            state.producerWaiting = false
            return (taken, wake)
        }
        if wake { spaceAvailable.signal() }
        return taken
    }

    /// The connection is gone: the producer's next (or current) write throws.
    func cancel() {
        let wake = state.withLock { state -> Bool in
            state.cancelled = true
            let wake = state.producerWaiting
            state.producerWaiting = false
            return wake
        }
        if wake { spaceAvailable.signal() }
    }
}

/// The `ResponseBodyWriter` a stream producer writes through.
struct ChannelBodyWriter: ResponseBodyWriter {
    let channel: ResponseStreamChannel

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try channel.write(bytes)
    }
}
