import Dispatch
import Synchronization

/// Lets a test hold handlers inside `respond` and know when they got there.
final class Gate: Sendable {
    private let opened = DispatchSemaphore(value: 0)
    private let arrivals = DispatchSemaphore(value: 0)
    private let openFlag = Mutex(false)

    /// Called by a handler: reports arrival, then waits until the test opens the gate.
    func pass() {
        arrivals.signal()
        if openFlag.withLock({ $0 }) { return }
        opened.wait()
        opened.signal()
    }

    /// Waits (up to `seconds`) until `count` handlers have arrived; false on timeout.
    func waitForArrivals(_ count: Int, seconds: Int = 5) -> Bool {
        for _ in 0..<count {
            if arrivals.wait(timeout: .now() + .seconds(seconds)) == .timedOut { return false }
        }
        return true
    }

    /// Releases every waiting and future handler.
    func open() {
        openFlag.withLock { $0 = true }
        opened.signal()
    }
}
