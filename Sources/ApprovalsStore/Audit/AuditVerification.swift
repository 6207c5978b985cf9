import GRDB

/// The result of recomputing the audit chain from the first event to the last.
public enum AuditVerification: Sendable, Equatable, CustomStringConvertible {
    /// Every event's hash matches its content and the event before it.
    case intact(eventCount: Int64, headHash: String)
    /// The first event at which the chain does not hold, and why.
    case broken(sequence: Int64, reason: String)

    public var holds: Bool { if case .intact = self { true } else { false } }

    public var description: String {
        switch self {
        case let .intact(count, head):
            "The audit trail holds: \(count) events, head hash \(head)."
        case let .broken(sequence, reason):
            "The audit trail is broken at event \(sequence): \(reason)"
        }
    }

    /// Walks the chain in order, without loading it all into memory: from the first event, or from
    /// the event after `start`, an event already verified (its sequence and hash).
    static func verify(_ db: Database, after start: (sequence: Int64, hash: String)? = nil) throws -> AuditVerification {
        var previous = start?.hash ?? AuditChain.genesis
        var expected: Int64 = (start?.sequence ?? 0) + 1
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM audit_events WHERE sequence >= ? ORDER BY sequence", arguments: [expected])
        while let row = try rows.next() {
            let (event, occurredAtText) = AuditChain.decode(row)
            if event.sequence != expected {
                return .broken(sequence: expected, reason: "event \(expected) is missing (the next one is \(event.sequence)).")
            }
            if event.previousHash != previous {
                return .broken(sequence: event.sequence, reason: "its previous hash does not match the hash of event \(expected - 1).")
            }
            let recomputed = AuditChain.hash(previous: previous, sequence: event.sequence, occurredAt: occurredAtText, entry: event.entry)
            if recomputed != event.hash {
                return .broken(sequence: event.sequence, reason: "its content does not match its hash (it was changed after it was written).")
            }
            previous = event.hash
            expected += 1
        }
        return .intact(eventCount: expected - 1, headHash: previous)
    }
}
