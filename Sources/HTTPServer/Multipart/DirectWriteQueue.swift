import ContentHash
import Dispatch
import Synchronization

/// Hands uploads' full staging buffers to the writer threads, and lets a writer hash two buffers of
/// different files at once.
///
/// Why: hashing is about half of the server's CPU time while it receives uploads, and two streams
/// hashed together cost about half as much per byte as one (`sha256_pair.h`). Two buffers wait at
/// once when the writers are all busy. When the CPU is the limit, though, a writer is often free
/// the moment a buffer comes: in session 8's build about a fifth of the bytes were hashed alone, at
/// twice the cost. So a buffer that finds no partner, while another file is sending buffers too,
/// waits a little (`patience`) for that file's next one, which `submit` hands straight to the waiting
/// writer. Waiting costs that file no throughput: its event loop is filling the next buffer
/// meanwhile, which takes longer than the wait. A file alone, or beside files that send nothing
/// (slow clients), never waits, and a write the loop itself is about to wait for (a file's last
/// bytes) stops waiting at once (`waitFor`).
///
/// Only the hashing is paired. Each write still goes to the disk from its own job's thread, so that
/// two files' O_DIRECT writes wait for the disk side by side, not one after the other (which held
/// the writers in `pwrite` half of the time).
///
/// Each file has one write in flight at most (`DirectUploadWriter`), so two writes paired are always
/// of different files, with different digests.
final class DirectWriteQueue: Sendable {
    private let writers: WorkerPool
    /// How long a lone buffer waits for a partner: under full load another buffer comes every
    /// millisecond or so, and a file's next buffer takes several to fill.
    private let patience: Duration
    /// How recently (in nanoseconds) another file must have sent a buffer for a lone one to wait for
    /// a partner.
    private let activity: UInt64
    private let state = Mutex(State())

    private struct State {
        /// Writes whose jobs are queued and that no writer has taken yet. A handful: one per file
        /// being uploaded at most.
        var waiting: [DirectWrite] = []
        /// Hashed as another write's partner, to be written by their own job when it runs. (Object
        /// identities are safe here: each write's queued job holds it until it has run.)
        var hashed: Set<ObjectIdentifier> = []
        /// Their own job came while they were being hashed: the partner's writer writes them.
        var cameEarly: Set<ObjectIdentifier> = []
        /// A write whose writer waits for a partner (one at a time: a second would pair with it).
        var lonely: PartnerWait?
        /// When each file being uploaded last sent a buffer, a handful at most.
        var lastSent: [(file: Int32, at: UInt64)] = []
        var pairs = 0
        var partnerWaits = 0

        /// Whether a file other than `file` sent a buffer in the last `window` nanoseconds.
        func anotherFileSent(besides file: Int32, within window: UInt64, now: UInt64) -> Bool {
            lastSent.contains { $0.file != file && now &- $0.at < window }
        }

        mutating func recordSent(_ file: Int32, at now: UInt64, window: UInt64) {
            lastSent.removeAll { $0.file == file || now &- $0.at >= window }
            lastSent.append((file, now))
        }
    }

    /// What a write's own job does when a writer thread runs it.
    private enum Turn {
        case hash(partner: DirectWrite?)
        case waitForPartner(PartnerWait)
        case store
        case nothing
    }

    init(writers: WorkerPool, patience: Duration = .milliseconds(2), activity: Duration = .milliseconds(10)) {
        self.writers = writers
        self.patience = patience
        self.activity = UInt64(max(0, activity.nanoseconds))
    }

    /// Queues the write for a writer thread; false when the pool cannot take it (short of thousands
    /// of uploads at once), and the caller runs it itself.
    func submit(_ write: DirectWrite) -> Bool {
        state.withLock { state in
            // Under the lock, so that no writer takes it as a partner unless its own job is queued.
            guard writers.submit({ [self] in take(write) }) else { return false }
            if write.hashes { state.recordSent(write.descriptor, at: Self.now, window: activity) }
            if write.hashes, let lonely = state.lonely, lonely.write.descriptor != write.descriptor, lonely.offer(write) {
                // Its own job, when it runs, finds it hashed, or being hashed (`cameEarly`).
                state.lonely = nil
                state.pairs += 1
            } else {
                state.waiting.append(write)
            }
            return true
        }
    }

    /// Returns once the write has finished, for the event loop that handed it on. The write stops
    /// waiting for a partner first, if it is: a wait on the loop holds up every connection it serves.
    func waitFor(_ write: DirectWrite) {
        hurry(write)
        write.wait()
    }

    private func hurry(_ write: DirectWrite) {
        state.withLock { state in
            guard let lonely = state.lonely, lonely.write === write else { return }
            state.lonely = nil
            lonely.giveUp()
        }
    }

    /// How many pairs of writes have been hashed together: for tests, and to see how often it pays.
    var pairsRun: Int { state.withLock { $0.pairs } }

    /// How many lone writes have waited for a partner, whether one came or not.
    var partnerWaits: Int { state.withLock { $0.partnerWaits } }

    /// Whether a writer is waiting for a partner now: for tests.
    var isWaitingForPartner: Bool { state.withLock { $0.lonely != nil } }

    /// A writer thread's job for one write.
    private func take(_ write: DirectWrite) {
        let id = ObjectIdentifier(write)
        let turn = state.withLock { state -> Turn in
            if let index = state.waiting.firstIndex(where: { $0 === write }) {
                state.waiting.remove(at: index)
                guard write.hashes, SHA256Hasher.pairs else { return .hash(partner: nil) }
                if let other = state.waiting.firstIndex(where: \.hashes) {
                    state.pairs += 1
                    return .hash(partner: state.waiting.remove(at: other))
                }
                guard state.lonely == nil,
                      state.anotherFileSent(besides: write.descriptor, within: activity, now: Self.now) else {
                    return .hash(partner: nil)
                }
                state.lonely = PartnerWait(for: write)
                state.partnerWaits += 1
                return .waitForPartner(state.lonely!)
            }
            if state.hashed.remove(id) != nil { return .store }
            // Neither waiting nor hashed: another writer took it as a partner and is hashing it now.
            state.cameEarly.insert(id)
            return .nothing
        }
        switch turn {
        case .hash(partner: nil):
            write.run()
        case .hash(partner: let partner?):
            hashAndStore(write, together: partner)
        case .waitForPartner(let wait):
            if let partner = partner(for: wait) {
                hashAndStore(write, together: partner)
            } else {
                write.run()
            }
        case .store:
            write.store()
        case .nothing:
            break
        }
    }

    /// Hashes the two together, then stores the write and, if its own job has come and gone meanwhile,
    /// the partner; otherwise the partner's job stores it when it runs.
    private func hashAndStore(_ write: DirectWrite, together partner: DirectWrite) {
        DirectWrite.hash(write, together: partner)
        let partnerID = ObjectIdentifier(partner)
        let storePartnerHere = state.withLock { state -> Bool in
            if state.cameEarly.remove(partnerID) != nil { return true }
            state.hashed.insert(partnerID)
            return false
        }
        write.store()
        if storePartnerHere { partner.store() }
    }

    /// Waits up to `patience` for `submit` to offer another file's write; nil when none came.
    private func partner(for wait: PartnerWait) -> DirectWrite? {
        let partner = wait.partner(within: patience)
        if partner == nil {
            // Given up: `submit` queues writes as usual again (its offers are refused until then).
            state.withLock { state in
                if state.lonely === wait { state.lonely = nil }
            }
        }
        return partner
    }

    private static var now: UInt64 { DispatchTime.now().uptimeNanoseconds }
}
