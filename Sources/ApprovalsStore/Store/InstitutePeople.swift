public import Approvals
import GRDB

extension RecordStore {
    /// Every user with their roles, by email, in two queries: what staff pages show names from.
    /// (`users()` asks twice per person: 960 queries per page for deadline day's 480 people.)
    public func instituteDirectoryUsers() throws -> [UserAccount] {
        try database.pool.read { db in
            var roles: [String: Set<Role>] = [:]
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT user_id, role FROM user_roles")) {
                if let role = Role(rawValue: row["role"]) { roles[row["user_id"], default: []].insert(role) }
            }
            return try Row.fetchAll(db.cachedStatement(sql: "SELECT id, email, display_name, organisation_id, version FROM users ORDER BY email"))
                .map { row in
                    let id: String = row["id"]
                    return UserAccount(id: UserID(id), email: row["email"], displayName: row["display_name"],
                                       organisationID: (row["organisation_id"] as String?).map(OrganisationID.init), roles: roles[id] ?? [],
                                       version: row["version"])
                }
        }
    }
}
