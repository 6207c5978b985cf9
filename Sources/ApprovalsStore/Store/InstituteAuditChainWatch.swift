public import Foundation
import GRDB
import Synchronization

/// The state of the audit chain for the audit page, without recomputing the whole chain on every
/// visit (that walk was most of the page's 843 ms p99 at the deadline peak).
///
/// The first visit verifies the whole chain and remembers its head (sequence and hash). Each later
/// visit checks that the remembered head is still there with the same content (its hash recomputed)
/// and verifies only the events appended since, which must continue from that head: the cost is the
/// new events, not the whole trail. A change to an event before the head (the triggers refuse it; it
/// takes someone editing the file) is not seen by that check, so the whole chain is also walked again
/// on a background task once the last full walk is older than `fullWalkInterval`; a break found is
/// shown from then on. `approvals verify-audit` still walks the whole chain on demand.
public final class InstituteAuditChainWatch: Sendable {
    private struct State {
        var head: (sequence: Int64, hash: String)?
        var lastFullWalk: Date?
        var walking = false
        /// A break found by a full walk: it stays, as a broken chain does not mend itself.
        var broken: AuditVerification?
    }

    private let state = Mutex(State())
    private let fullWalkInterval: TimeInterval

    public init(fullWalkInterval: TimeInterval = 15 * 60) {
        self.fullWalkInterval = fullWalkInterval
    }

    /// The chain's state now: intact with the count and head of the events so far, or where it breaks.
    public func verification(of database: ApprovalsDatabase, now: Date = Date()) throws -> AuditVerification {
        let (known, broken, walkDue) = state.withLock { state -> ((sequence: Int64, hash: String)?, AuditVerification?, Bool) in
            let due = state.head != nil && !state.walking && now.timeIntervalSince(state.lastFullWalk ?? .distantPast) >= fullWalkInterval
            if due { state.walking = true }
            return (state.head, state.broken, due)
        }
        if let broken { return broken }
        if walkDue { walkWholeChain(database) }
        let result = try database.pool.read { db in try Self.verify(db, after: known) }
        remember(result, fullWalk: known == nil, at: now)
        return result
    }

    /// Verifies from `known` on, after checking that the known head still holds.
    static func verify(_ db: Database, after known: (sequence: Int64, hash: String)?) throws -> AuditVerification {
        guard let known else { return try AuditVerification.verify(db) }
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM audit_events WHERE sequence = ?", arguments: [known.sequence]) else {
            return .broken(sequence: known.sequence, reason: "this event, verified before, is missing.")
        }
        let (event, occurredAt) = AuditChain.decode(row)
        let recomputed = AuditChain.hash(previous: event.previousHash, sequence: event.sequence, occurredAt: occurredAt, entry: event.entry)
        guard event.hash == known.hash, recomputed == known.hash else {
            return .broken(sequence: known.sequence, reason: "its content does not match the hash verified before (it was changed after it was written).")
        }
        return try AuditVerification.verify(db, after: known)
    }

    private func remember(_ result: AuditVerification, fullWalk: Bool, at now: Date) {
        state.withLock { state in
            switch result {
            case let .intact(count, head):
                // Concurrent visits may finish out of order: keep the furthest head.
                if count > 0, count >= state.head?.sequence ?? 0 { state.head = (count, head) }
                if fullWalk { state.lastFullWalk = now }
            case .broken:
                state.broken = result
            }
        }
    }

    /// Walks the whole chain again off the request, and keeps a break if it finds one. On a thread of
    /// its own: the walk is a long blocking read, which must not hold one of Swift's few cooperative
    /// threads. A walk that could not read the database does not count as done, so the next visit
    /// tries again rather than waiting another interval.
    private func walkWholeChain(_ database: ApprovalsDatabase) {
        Thread.detachNewThread { [self] in
            let result = try? database.pool.read { db in try AuditVerification.verify(db) }
            state.withLock { state in
                state.walking = false
                guard let result else { return }
                state.lastFullWalk = Date()
                if !result.holds { state.broken = result }
            }
        }
    }
}
