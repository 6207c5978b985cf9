import Dispatch
import Synchronization

/// One lone write's wait for another file's write to be hashed with (`DirectWriteQueue`): `submit`
/// offers a partner, the waiting writer takes it or gives up once its patience runs out.
///
/// The outcome is decided under this object's own lock alone, never by the semaphore's count: an
/// offer that lands after the wait timed out but before the writer looked is still taken, and one
/// after the writer gave up is refused, for `submit` to queue as usual. Each wait has its own
/// object, so a wake-up left behind by one wait can never reach another. (A first version shared
/// one semaphore between waits: a second lone write consumed the first one's signal, and writers hung.)
/// The wait also ends at once, with no partner, when the event loop needs the write done (`giveUp`).
final class PartnerWait: Sendable {
    let write: DirectWrite
    private let came = DispatchSemaphore(value: 0)
    private let outcome = Mutex(Outcome.waiting)

    private enum Outcome {
        case waiting
        case offered(DirectWrite)
        case gaveUp
    }

    init(for write: DirectWrite) {
        self.write = write
    }

    /// Gives the waiting writer a partner; false once it has one or has given up.
    func offer(_ partner: DirectWrite) -> Bool {
        let taken = outcome.withLock { outcome -> Bool in
            guard case .waiting = outcome else { return false }
            outcome = .offered(partner)
            return true
        }
        if taken { came.signal() }
        return taken
    }

    /// Ends the wait now, with no partner: someone is waiting for this write. False when it already
    /// has a partner or has given up.
    @discardableResult
    func giveUp() -> Bool {
        let ended = outcome.withLock { outcome -> Bool in
            guard case .waiting = outcome else { return false }
            outcome = .gaveUp
            return true
        }
        if ended { came.signal() }
        return ended
    }

    /// Waits up to `patience` for an offer: the partner, or nil when none came in time or the wait was
    /// given up (after which every offer is refused).
    func partner(within patience: Duration) -> DirectWrite? {
        _ = came.wait(timeout: .now() + .nanoseconds(Int(max(0, patience.nanoseconds))))
        return outcome.withLock { outcome in
            if case .offered(let partner) = outcome { return partner }
            outcome = .gaveUp
            return nil
        }
    }
}
