/// What a signed-in user or API client may do. The raw values are stored and shown in the API.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    /// An awarding organisation's user: prepares, submits, amends and withdraws its own records.
    case aoEditor = "ao_editor"
    /// An awarding organisation's administrator: as `ao_editor`, plus its organisation's users.
    case aoAdmin = "ao_admin"
    /// The Institute's official: reads everything submitted, reviews what is assigned.
    case reviewer
    /// The approvals committee: records the final decision.
    case approver
    /// Cycles, windows, standards in scope, organisations, users, assignments, exceptions, notes.
    case admin
    /// DfE and Ofqual: read-only API access to everything submitted.
    case apiClient = "api_client"

    /// Roles that act for an awarding organisation.
    public var actsForAwardingOrganisation: Bool { self == .aoEditor || self == .aoAdmin }
}
