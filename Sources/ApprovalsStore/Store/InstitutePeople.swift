public import Approvals
import GRDB

extension RecordStore {
    /// Every user with their roles, by email, in two queries: what staff pages show names from.
    /// (`users()` asks twice per person: 960 queries per page for deadline day's 480 people.)
    /// Rows are read through cursors by column position: copying each row and finding its columns
    /// by name was most of a staff page's CPU time on deadline day.
    public func instituteDirectoryUsers() throws -> [UserAccount] {
        try database.pool.read { db in
            var roles: [String: Set<Role>] = [:]
            let roleRows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT user_id, role FROM user_roles"))
            while let row = try roleRows.next() {
                if let role = Role(rawValue: row[1]) { roles[row[0], default: []].insert(role) }
            }
            var users: [UserAccount] = []
            let userRows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, email, display_name, organisation_id, version FROM users ORDER BY email"))
            while let row = try userRows.next() {
                let id: String = row[0]
                users.append(UserAccount(id: UserID(id), email: row[1], displayName: row[2],
                                         organisationID: (row[3] as String?).map(OrganisationID.init), roles: roles[id] ?? [],
                                         version: row[4]))
            }
            return users
        }
    }
}
