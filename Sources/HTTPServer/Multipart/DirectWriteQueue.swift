import ContentHash
import Dispatch
import Synchronization

/// Hands uploads' full staging buffers to the writer threads, which hash them (two buffers of
/// different files at once where they can), then to the storer threads, which write them to the disk.
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
/// Why storers apart from the writers: an O_DIRECT write returns once the disk has the bytes, a
/// millisecond or more. When the writers also wrote, each spent about 45% of its time in `pwrite`
/// under `capacity.py`, and the CPU stood idle 8% of the time with all four of them there, while
/// buffers waited to be hashed and the loops had nothing to read (their files' buffers all full).
/// Storers only wait for the disk, so the writers hash whenever there is a buffer, and each write
/// waits for the disk beside the others.
///
/// Each file has one write in flight at most (`DirectUploadWriter`), so two writes paired are always
/// of different files, with different digests.
final class DirectWriteQueue: Sendable {
    private let writers: WorkerPool
    private let storers: WorkerPool
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
        /// Taken as another write's partner: the partner's writer hashes and stores them, and their
        /// own job, when it runs, has nothing to do. (Object identities are safe here: each write's
        /// queued job holds it until it has run.)
        var takenAsPartner: Set<ObjectIdentifier> = []
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
        case nothing
    }

    init(writers: WorkerPool, storers: WorkerPool, patience: Duration = .milliseconds(2),
         activity: Duration = .milliseconds(10)) {
        self.writers = writers
        self.storers = storers
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
                state.lonely = nil
                state.takenAsPartner.insert(ObjectIdentifier(write))
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
                    let partner = state.waiting.remove(at: other)
                    state.takenAsPartner.insert(ObjectIdentifier(partner))
                    return .hash(partner: partner)
                }
                guard state.lonely == nil,
                      state.anotherFileSent(besides: write.descriptor, within: activity, now: Self.now) else {
                    return .hash(partner: nil)
                }
                state.lonely = PartnerWait(for: write)
                state.partnerWaits += 1
                return .waitForPartner(state.lonely!)
            }
            // Not waiting: another writer took it as a partner, and hashes and stores it.
            let removed = state.takenAsPartner.remove(id)
            assert(removed != nil, "a write's job ran twice")
            return .nothing
        }
        switch turn {
        case .hash(let partner):
            hashAndStore(write, together: partner)
        case .waitForPartner(let wait):
            hashAndStore(write, together: partner(for: wait))
        case .nothing:
            break
        }
    }

    /// Hashes the write, with its partner when it has one, and hands them to the storers.
    private func hashAndStore(_ write: DirectWrite, together partner: DirectWrite?) {
        guard let partner else {
            write.hash()
            store(write)
            return
        }
        DirectWrite.hash(write, together: partner)
        store(write)
        store(partner)
    }

    /// Hands a hashed write to a storer; when none can take it (short of thousands of uploads at
    /// once), the writer stores it itself, which is slower but loses nothing.
    private func store(_ write: DirectWrite) {
        if !storers.submit({ write.store() }) { write.store() }
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
