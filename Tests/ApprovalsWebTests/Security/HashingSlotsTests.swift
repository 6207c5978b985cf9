@testable import ApprovalsWeb
import Dispatch
import Foundation
import Synchronization
import Testing

/// Password hashing takes turns in a fixed number of slots, whatever the number of threads asking.
@Suite("Password hashing slots")
struct HashingSlotsTests {
    /// Waits (without asserting anything about time) until `condition` holds; false only if it never
    /// does within a generous bound, so a broken slot fails the test instead of hanging it.
    private func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<2000 {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    @Test("with every slot busy, the next caller waits until one is given back")
    func thirdCallerWaits() {
        let slots = HashingSlots(count: 2)
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchGroup()
        let hold: @Sendable () -> Void = {
            slots.withSlot {
                entered.signal()
                release.wait()
            }
            finished.leave()
        }
        for _ in 0..<2 {
            finished.enter()
            Thread(block: hold).start()
        }
        entered.wait()
        entered.wait()
        #expect(slots.occupancy == HashingSlots.Occupancy(busy: 2, waiting: 0, mostBusy: 2))
        finished.enter()
        Thread(block: hold).start()
        #expect(eventually { slots.occupancy.waiting == 1 })
        #expect(slots.occupancy.busy == 2)
        release.signal()
        entered.wait() // the third got the slot given back
        #expect(slots.occupancy.waiting == 0)
        release.signal()
        release.signal()
        finished.wait()
        #expect(slots.occupancy == HashingSlots.Occupancy(busy: 0, waiting: 0, mostBusy: 2))
    }

    @Test("many workers signing in at once never hash more passwords at once than there are slots")
    func hasherKeepsToItsSlots() {
        let slots = HashingSlots(count: 1)
        let hasher = PasswordHasher(costN: 1 << 10, blockSize: 8, parallelism: 1, slots: slots)
        let encoded = hasher.hash("correct horse battery staple")
        let results = Mutex([Bool](repeating: false, count: 8))
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let matched = hasher.verify(index.isMultiple(of: 2) ? "correct horse battery staple" : "wrong", against: encoded)
            results.withLock { $0[index] = matched }
        }
        #expect(results.withLock { $0 } == (0..<8).map { $0.isMultiple(of: 2) })
        #expect(slots.occupancy == HashingSlots.Occupancy(busy: 0, waiting: 0, mostBusy: 1))
    }

    @Test("the shared slots are one per core, and a hasher uses them unless told otherwise")
    func onePerCore() {
        #expect(HashingSlots.perCore.count == max(1, ProcessInfo.processInfo.activeProcessorCount))
        #expect(PasswordHasher().slots === HashingSlots.perCore)
        #expect(HashingSlots(count: 0).count == 1)
    }
}
