/// A record's identifier, typed by the kind of record it names so that a submission's id can never
/// be passed where a proposal's is expected. The store chooses the text (e.g. a UUID) and keeps it as
/// TEXT; it encodes as a bare JSON string.
public struct Identifier<Subject>: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

public typealias UserID = Identifier<UserTag>
public typealias OrganisationID = Identifier<Organisation>
public typealias CycleID = Identifier<Cycle>
public typealias RegistrationID = Identifier<RegistrationOfIntent>
public typealias ProposalID = Identifier<Proposal>
public typealias SubmissionID = Identifier<Submission>
public typealias ReviewID = Identifier<Review>
public typealias ExceptionID = Identifier<LateSubmissionException>
public typealias RegulatoryNoteID = Identifier<OfqualRegulatoryNote>
public typealias ChangeID = Identifier<ChangeAfterApproval>
public typealias ConflictID = Identifier<ConflictOfInterest>
public typealias SpecialistAreaID = Identifier<SpecialistArea>

/// Marks user identifiers: users are kept by the web layer, the domain only names them.
public enum UserTag {}
