/// What an accepted event produces: the record as it now is (version incremented) and the one
/// audit event that records the change. The store commits both in one transaction, checking that
/// the stored version is still `record.version - 1`.
public struct Transition<Record: Sendable & Hashable>: Sendable, Hashable {
    public let record: Record
    public let audit: AuditEvent

    public init(record: Record, audit: AuditEvent) {
        self.record = record
        self.audit = audit
    }
}

/// One allowed move of a record's life: from a state (nil when the record is created), on an
/// event, to a state. The lifecycles list theirs in a table; a transition not in its table is refused
/// with `invalid_state` before any other rule is checked.
public struct TransitionEdge<State: Hashable & Sendable, Event: Hashable & Sendable>: Hashable, Sendable {
    public let from: State?
    public let event: Event
    public let to: State

    public init(_ from: State?, _ event: Event, _ to: State) {
        self.from = from
        self.event = event
        self.to = to
    }
}

/// A record type's table of allowed moves.
public struct TransitionTable<State: Hashable & Sendable, Event: Hashable & Sendable>: Sendable {
    public let edges: [TransitionEdge<State, Event>]

    public init(_ edges: [TransitionEdge<State, Event>]) { self.edges = edges }

    /// Where `event` leads from `state`, or nil when the table has no such move.
    public func target(from state: State?, on event: Event) -> State? {
        edges.first { $0.from == state && $0.event == event }?.to
    }

    /// The events allowed from a state (what a page may offer as actions).
    public func events(from state: State?) -> [Event] {
        edges.filter { $0.from == state }.map(\.event)
    }

    /// Every state the table can reach from creation.
    public var reachableStates: Set<State> {
        var seen = Set(edges.filter { $0.from == nil }.map(\.to))
        var frontier = Array(seen)
        while let state = frontier.popLast() {
            for edge in edges where edge.from == state && !seen.contains(edge.to) {
                seen.insert(edge.to)
                frontier.append(edge.to)
            }
        }
        return seen
    }

    public func allows(from: State?, event: Event, to: State) -> Bool {
        edges.contains { $0.from == from && $0.event == event && $0.to == to }
    }
}
