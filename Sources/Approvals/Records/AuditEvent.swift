public import Foundation

/// One entry of the append-only audit trail: who did what to which record, when (to the
/// millisecond), the states before and after, and why. Every accepted transition yields exactly one.
/// The store numbers the events and chains their hashes; the domain only says what happened.
public struct AuditEvent: Hashable, Sendable, Codable {
    public let actorID: UserID
    public let actorRoles: [Role]
    /// The actor's organisation (AO users only).
    public let actorOrganisationID: OrganisationID?
    /// The instant of the transition, truncated to the millisecond.
    public let at: Date
    public let recordType: RecordType
    public let recordID: String
    public let recordReference: RecordReference?
    /// The event's stable name, e.g. `submit`, `request_clarification`.
    public let action: String
    public let stateBefore: String?
    public let stateAfter: String?
    public let reason: String?
    /// Small facts worth keeping (version numbers, deadlines as ISO 8601, criterion names...).
    public let details: [String: String]

    public init(actor: Actor, at: Date, recordType: RecordType, recordID: String,
                recordReference: RecordReference?, action: String, stateBefore: String?,
                stateAfter: String?, reason: String? = nil, details: [String: String] = [:]) {
        self.actorID = actor.id
        self.actorRoles = actor.roles.map(\.self).sorted { $0.rawValue < $1.rawValue }
        self.actorOrganisationID = actor.organisationID
        self.at = at.truncatedToMilliseconds
        self.recordType = recordType
        self.recordID = recordID
        self.recordReference = recordReference
        self.action = action
        self.stateBefore = stateBefore
        self.stateAfter = stateAfter
        self.reason = reason
        self.details = details
    }
}
