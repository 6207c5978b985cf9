import ContentHash
import Synchronization

/// Hands uploads' full staging buffers to the writer threads, and lets a writer hash two waiting
/// buffers of different files at once.
///
/// Why: hashing is about half of the server's CPU time while it receives uploads, and two streams
/// hashed together cost about half as much per byte as one (`sha256_pair.h`). Two buffers wait at
/// once when the writers are all busy, which is when the CPU is the limit and the saving counts.
/// A buffer that finds no partner is not held back for one: it is hashed alone, as before.
///
/// Only the hashing is paired. Each write still goes to the disk from its own job's thread, so that
/// two files' O_DIRECT writes wait for the disk side by side, not one after the other (which held
/// the writers in `pwrite` half of the time).
///
/// Each file has one write in flight at most (`DirectUploadWriter`), so two waiting writes are always
/// of different files, with different digests.
final class DirectWriteQueue: Sendable {
    private let writers: WorkerPool
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
        var pairs = 0
    }

    /// What a write's own job does when a writer thread runs it.
    private enum Turn {
        case hash(partner: DirectWrite?)
        case store
        case nothing
    }

    init(writers: WorkerPool) {
        self.writers = writers
    }

    /// Queues the write for a writer thread; false when the pool cannot take it (short of thousands
    /// of uploads at once), and the caller runs it itself.
    func submit(_ write: DirectWrite) -> Bool {
        state.withLock { state in
            // Under the lock, so that no writer takes it as a partner unless its own job is queued.
            guard writers.submit({ [self] in take(write) }) else { return false }
            state.waiting.append(write)
            return true
        }
    }

    /// How many pairs of writes have been hashed together: for tests, and to see how often it pays.
    var pairsRun: Int { state.withLock { $0.pairs } }

    /// A writer thread's job for one write.
    private func take(_ write: DirectWrite) {
        let id = ObjectIdentifier(write)
        let turn = state.withLock { state -> Turn in
            if let index = state.waiting.firstIndex(where: { $0 === write }) {
                state.waiting.remove(at: index)
                guard write.hashes, SHA256Hasher.pairs, let other = state.waiting.firstIndex(where: \.hashes) else {
                    return .hash(partner: nil)
                }
                state.pairs += 1
                return .hash(partner: state.waiting.remove(at: other))
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
            DirectWrite.hash(write, together: partner)
            let partnerID = ObjectIdentifier(partner)
            let storePartnerHere = state.withLock { state -> Bool in
                if state.cameEarly.remove(partnerID) != nil { return true }
                state.hashed.insert(partnerID)
                return false
            }
            write.store()
            if storePartnerHere { partner.store() }
        case .store:
            write.store()
        case .nothing:
            break
        }
    }
}
