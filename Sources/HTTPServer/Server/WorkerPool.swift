import Dispatch
import Foundation
import Synchronization

/// A fixed set of threads that run handlers, with a short bounded queue in front.
///
/// Handlers may block (SQLite, disk), so they get real threads rather than the event loops or Swift's
/// cooperative pool. `submit` never waits: when every worker is busy and the queue is full it returns
/// false and the caller answers 503, so overload turns into quick refusals instead of a growing backlog.
final class WorkerPool: Sendable {
    typealias Job = @Sendable () -> Void

    private struct State {
        var jobs: [Job] = []
        var head = 0
        /// Jobs queued or running.
        var outstanding = 0
        /// Jobs turned away because the pool was saturated, since start.
        var refused = 0
        var stopping = false
    }

    private let state = Mutex(State())
    private let jobsAvailable = DispatchSemaphore(value: 0)
    private let capacity: Int
    private let threadCount: Int
    private let finished = DispatchGroup()

    private let name: String

    /// - Parameter name: the threads' names, numbered, as tools like `top -H` show them.
    init(threads: Int, queueDepth: Int, name: String = "http-worker") {
        self.name = name
        threadCount = max(1, threads)
        capacity = threadCount + max(0, queueDepth)
    }

    func start() {
        for index in 0..<threadCount {
            finished.enter()
            let thread = Thread { [self] in
                runWorker()
                finished.leave()
            }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    /// Queues `job` unless the pool is saturated or stopping; false means "answer 503".
    func submit(_ job: @escaping Job) -> Bool {
        let accepted = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            guard state.outstanding < capacity else {
                state.refused += 1
                return false
            }
            state.outstanding += 1
            state.jobs.append(job)
            return true
        }
        if accepted { jobsAvailable.signal() }
        return accepted
    }

    /// How busy the pool is right now, for `HTTPServer.statistics()`.
    func load() -> (busy: Int, queued: Int, threads: Int, queueCapacity: Int, refused: Int) {
        let (outstanding, refused) = state.withLock { ($0.outstanding, $0.refused) }
        return (min(outstanding, threadCount), max(0, outstanding - threadCount), threadCount, capacity - threadCount, refused)
    }

    /// Lets the workers finish the queued jobs, then end. Waits for them, but no longer than
    /// `timeout`: a handler stuck for good must not keep the process from exiting.
    func stop(timeout: Duration) {
        state.withLock { $0.stopping = true }
        for _ in 0..<threadCount { jobsAvailable.signal() }
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        _ = finished.wait(timeout: .now() + .nanoseconds(Int(min(nanoseconds, 1e15))))
    }

    private func runWorker() {
        while true {
            jobsAvailable.wait()
            let job = state.withLock { state -> Job? in
                guard state.head < state.jobs.count else { return nil }
                let job = state.jobs[state.head]
                state.head += 1
                // Compact now and then so the array does not grow without end.
                if state.head > 64 && state.head * 2 > state.jobs.count {
                    state.jobs.removeFirst(state.head)
                    state.head = 0
                }
                return job
            }
            guard let job else {
                if state.withLock({ $0.stopping }) { return }
                continue
            }
            job()
            state.withLock { $0.outstanding -= 1 }
        }
    }
}
