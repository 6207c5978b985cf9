import Dispatch
import Foundation
import Synchronization

/// A fixed number of places in which a password may be hashed at once, shared by every worker.
///
/// scrypt needs 32 MiB and a core's worth of CPU for each hash, so the memory and CPU spent on
/// sign-ins must not grow with the number of worker threads: with more workers than slots, a
/// sign-in waits here for a slot (a few tens of milliseconds) instead of allocating yet another
/// buffer. The service's peak memory then depends on the core count, not on the worker count.
public final class HashingSlots: Sendable {
    /// How many hashes may run at once.
    public let count: Int
    private let free: DispatchSemaphore
    private let state = Mutex(Occupancy())

    /// What the slots are doing now, and the most that were ever busy at once.
    public struct Occupancy: Sendable, Equatable {
        public var busy = 0
        public var waiting = 0
        public var mostBusy = 0
    }

    /// One slot per core: hashing is CPU-bound, so more at once would only share the cores.
    public static let perCore = HashingSlots(count: ProcessInfo.processInfo.activeProcessorCount)

    public init(count: Int) {
        self.count = max(1, count)
        free = DispatchSemaphore(value: self.count)
    }

    /// Runs `body` in a slot, waiting for one to come free if all are busy.
    public func withSlot<T>(_ body: () throws -> T) rethrows -> T {
        state.withLock { $0.waiting += 1 }
        free.wait()
        state.withLock {
            $0.waiting -= 1
            $0.busy += 1
            $0.mostBusy = max($0.mostBusy, $0.busy)
        }
        defer {
            state.withLock { $0.busy -= 1 }
            free.signal()
        }
        return try body()
    }

    /// The slots' occupancy now.
    public var occupancy: Occupancy { state.withLock { $0 } }
}
