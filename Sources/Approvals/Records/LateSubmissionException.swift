public import Foundation

/// The only way past a closed window: an AO's request, for one record, to submit after the window
/// closed because of a technical failure or exceptional circumstances. Granted, it gives that AO a
/// new deadline for that record and nobody else anything.
public struct LateSubmissionException: Hashable, Sendable, Codable {
    /// Where the record is in its life. Raw values are stored and shown in the API.
    public enum State: String, Sendable, Codable, CaseIterable {
        case requested, granted, refused
    }

    /// Why the AO could not meet the deadline.
    public enum ReasonKind: String, Sendable, Codable, CaseIterable {
        case technicalFailureAwardingOrganisation = "technical_failure_ao"
        case technicalFailureInstitute = "technical_failure_institute"
        case exceptionalCircumstances = "exceptional_circumstances"

        public var title: String {
            switch self {
            case .technicalFailureAwardingOrganisation: "technical failure on the awarding organisation's side"
            case .technicalFailureInstitute: "technical failure on the Institute's side"
            case .exceptionalCircumstances: "exceptional circumstances"
            }
        }
    }

    public let id: ExceptionID
    public let reference: RecordReference
    public let organisationID: OrganisationID
    public let cycleID: CycleID
    /// The window the exception is for.
    public let window: WindowKind
    /// The one record the exception covers.
    public let recordType: RecordType
    public let recordID: String
    public let reasonKind: ReasonKind
    /// When the event that stopped the AO happened.
    public let eventAt: Date
    public let whatHappened: String
    public let evidence: [DocumentReference]
    public var state: State
    public let requestedBy: UserID
    public let requestedAt: Date
    /// Set when granted: the AO's new closing instant for that record (exclusive, like windows).
    public var newDeadline: Date?
    /// The admin's reason for granting or refusing.
    public var decisionReason: String?
    public var decidedBy: UserID?
    public var decidedAt: Date?
    public var version: Int
    public var updatedAt: Date

    public init(id: ExceptionID, reference: RecordReference, organisationID: OrganisationID, cycleID: CycleID,
                window: WindowKind, recordType: RecordType, recordID: String, reasonKind: ReasonKind,
                eventAt: Date, whatHappened: String, evidence: [DocumentReference], state: State,
                requestedBy: UserID, requestedAt: Date, newDeadline: Date? = nil, decisionReason: String? = nil,
                decidedBy: UserID? = nil, decidedAt: Date? = nil, version: Int, updatedAt: Date) {
        self.id = id
        self.reference = reference
        self.organisationID = organisationID
        self.cycleID = cycleID
        self.window = window
        self.recordType = recordType
        self.recordID = recordID
        self.reasonKind = reasonKind
        self.eventAt = eventAt
        self.whatHappened = whatHappened
        self.evidence = evidence
        self.state = state
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.newDeadline = newDeadline
        self.decisionReason = decisionReason
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.version = version
        self.updatedAt = updatedAt
    }

    /// True when this exception is granted and covers exactly this organisation's record in this window.
    public func extends(_ window: WindowKind, for organisation: OrganisationID, recordType: RecordType,
                        recordID: String) -> Bool {
        state == .granted && newDeadline != nil && self.window == window
            && organisationID == organisation && self.recordType == recordType && self.recordID == recordID
    }
}
