public import Foundation

/// A reviewer's declared conflict of interest with an awarding organisation. While declared, the
/// reviewer can be neither assigned to nor review that AO's records.
public struct ConflictOfInterest: Hashable, Sendable, Codable {
    /// Where the record is in its life. Raw values are stored and shown in the API.
    public enum State: String, Sendable, Codable, CaseIterable {
        case declared, ended
    }

    public let id: ConflictID
    public let reference: RecordReference
    public let reviewerID: UserID
    public let organisationID: OrganisationID
    public let description: String
    public let declaredAt: Date
    public var state: State
    public var endedAt: Date?
    public var version: Int
    public var updatedAt: Date

    public init(id: ConflictID, reference: RecordReference, reviewerID: UserID, organisationID: OrganisationID,
                description: String, declaredAt: Date, state: State, endedAt: Date? = nil, version: Int,
                updatedAt: Date) {
        self.id = id
        self.reference = reference
        self.reviewerID = reviewerID
        self.organisationID = organisationID
        self.description = description
        self.declaredAt = declaredAt
        self.state = state
        self.endedAt = endedAt
        self.version = version
        self.updatedAt = updatedAt
    }

    /// True when this declaration bars the reviewer from the organisation's records.
    public func bars(_ reviewer: UserID, from organisation: OrganisationID) -> Bool {
        state == .declared && reviewerID == reviewer && organisationID == organisation
    }
}
