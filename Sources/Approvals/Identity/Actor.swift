/// Who asks for a transition: a person with their roles (and, for awarding organisation users,
/// their organisation) or an API client. Every audit event names one.
public struct Actor: Hashable, Sendable, Codable {
    public let id: UserID
    /// The awarding organisation the actor works for; nil for the Institute's staff and API clients.
    public let organisationID: OrganisationID?
    public let roles: Set<Role>
    /// A name for the audit trail and messages ("Sam Patel"); not used for decisions.
    public let displayName: String

    public init(id: UserID, organisationID: OrganisationID? = nil, roles: Set<Role>, displayName: String = "") {
        self.id = id
        self.organisationID = organisationID
        self.roles = roles
        self.displayName = displayName
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }

    /// True when the actor is an AO user (editor or admin) of this organisation.
    public func actsFor(_ organisation: OrganisationID) -> Bool {
        organisationID == organisation && roles.contains(where: \.actsForAwardingOrganisation)
    }

    public var isAPIClient: Bool { roles == [.apiClient] }
}
