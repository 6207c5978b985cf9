public import Foundation

/// An awarding organisation's registration of the qualifications it intends to submit in a cycle,
/// made in the registration of intent window so the Institute can plan support.
public struct RegistrationOfIntent: Hashable, Sendable, Codable {
    /// Where the record is in its life. Raw values are stored and shown in the API.
    public enum State: String, Sendable, Codable, CaseIterable {
        case draft, registered, withdrawn
    }

    public let id: RegistrationID
    public let reference: RecordReference
    public let organisationID: OrganisationID
    public let cycleID: CycleID
    public var state: State
    public var details: RegistrationDetails
    public var registeredAt: Date?
    public var version: Int
    public let createdAt: Date
    public var updatedAt: Date

    public init(id: RegistrationID, reference: RecordReference, organisationID: OrganisationID,
                cycleID: CycleID, state: State, details: RegistrationDetails, registeredAt: Date?,
                version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.reference = reference
        self.organisationID = organisationID
        self.cycleID = cycleID
        self.state = state
        self.details = details
        self.registeredAt = registeredAt
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What a registration says: a contact and the intended qualifications.
public struct RegistrationDetails: Hashable, Sendable, Codable {
    public var contact: Contact
    public var qualifications: [IntendedQualification]

    public init(contact: Contact, qualifications: [IntendedQualification]) {
        self.contact = contact
        self.qualifications = qualifications
    }
}

/// One qualification an AO intends to submit.
public struct IntendedQualification: Hashable, Sendable, Codable {
    public var title: String
    public var category: QualificationCategory
    public var standardReferences: [String]
    public var specialistAreaID: SpecialistAreaID?
    /// Whether the AO will submit a proposal first.
    public var proposalFirst: Bool

    public init(title: String, category: QualificationCategory, standardReferences: [String] = [],
                specialistAreaID: SpecialistAreaID? = nil, proposalFirst: Bool = false) {
        self.title = title
        self.category = category
        self.standardReferences = standardReferences
        self.specialistAreaID = specialistAreaID
        self.proposalFirst = proposalFirst
    }
}
