public import Foundation

/// Ofqual's word of regulatory action on an AO, recorded by an admin. While one is open no approval
/// can be recorded for that AO.
public struct OfqualRegulatoryNote: Hashable, Sendable, Codable {
    /// Where the record is in its life. Raw values are stored and shown in the API.
    public enum State: String, Sendable, Codable, CaseIterable {
        case open, addressed
    }

    public let id: RegulatoryNoteID
    public let reference: RecordReference
    public let organisationID: OrganisationID
    public let summary: String
    /// When Ofqual told the Institute.
    public let receivedAt: Date
    public var state: State
    public let recordedBy: UserID
    public var addressedAt: Date?
    public var addressedBy: UserID?
    public var resolution: String?
    public var version: Int
    public let createdAt: Date
    public var updatedAt: Date

    public init(id: RegulatoryNoteID, reference: RecordReference, organisationID: OrganisationID, summary: String,
                receivedAt: Date, state: State, recordedBy: UserID, addressedAt: Date? = nil,
                addressedBy: UserID? = nil, resolution: String? = nil, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.reference = reference
        self.organisationID = organisationID
        self.summary = summary
        self.receivedAt = receivedAt
        self.state = state
        self.recordedBy = recordedBy
        self.addressedAt = addressedAt
        self.addressedBy = addressedBy
        self.resolution = resolution
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
