public import Approvals
import Foundation

/// A person or API client who signs in. Passwords are not kept here yet: the accounts work adds
/// them (the columns exist and stay empty).
public struct UserAccount: Sendable, Hashable {
    public let id: UserID
    public var email: String
    public var displayName: String
    public var organisationID: OrganisationID?
    public var roles: Set<Role>
    public var version: Int

    public init(id: UserID, email: String, displayName: String, organisationID: OrganisationID?, roles: Set<Role>, version: Int = 1) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.organisationID = organisationID
        self.roles = roles
        self.version = version
    }

    /// The domain's view of this user when they act.
    public var actor: Actor { Actor(id: id, organisationID: organisationID, roles: roles, displayName: displayName) }
}
