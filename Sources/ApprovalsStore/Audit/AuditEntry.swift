public import Foundation

/// What happened to a record, as the audit trail keeps it: who, when (to the millisecond), what, the
/// states before and after, and why. The store adds the sequence number and the hash chain.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var occurredAt: Date
    public var actorUserID: String?
    /// The actor's roles at the time, comma-separated (`ao_editor`, `reviewer`, `admin`, `system` …).
    public var actorRole: String
    public var actorOrganisationID: String?
    /// The kind of record (`submission`, `proposal`, `cycle` …).
    public var recordType: String
    public var recordID: String
    public var recordReference: String?
    /// What was done (`create`, `submit`, `amend`, `withdraw` …).
    public var action: String
    public var stateBefore: String?
    public var stateAfter: String?
    public var reason: String?
    /// Further facts as a JSON object, e.g. the new version number or the fields changed.
    public var details: String?

    public init(occurredAt: Date, actorUserID: String?, actorRole: String, actorOrganisationID: String? = nil,
                recordType: String, recordID: String,
                recordReference: String?, action: String, stateBefore: String?, stateAfter: String?,
                reason: String? = nil, details: String? = nil) {
        self.occurredAt = occurredAt
        self.actorUserID = actorUserID
        self.actorRole = actorRole
        self.actorOrganisationID = actorOrganisationID
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

/// An audit event as stored: its place in the chain and the hashes that bind it to the one before.
public struct StoredAuditEvent: Sendable, Equatable {
    public let sequence: Int64
    public let entry: AuditEntry
    public let previousHash: String
    public let hash: String
}
