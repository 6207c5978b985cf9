public import Approvals
import Foundation
import GRDB

extension RecordStore {
    /// Every user with their roles, by email, in two queries: what staff pages show names from.
    /// (`users()` asks twice per person: 960 queries per page for deadline day's 480 people.)
    /// Rows are read through cursors by column position: copying each row and finding its columns
    /// by name was most of a staff page's CPU time on deadline day.
    public func instituteDirectoryUsers() throws -> [UserAccount] {
        try directoryUsers(where: "1", arguments: [])
    }

    /// The Institute's staff (anyone with the reviewer, approver or admin role) and the users in
    /// `others`, with their roles, by email: what a record's own page names. On deadline day that
    /// is a few dozen people rather than the 480 AO users who never appear on it.
    public func instituteStaffUsers(plus others: some Sequence<UserID>) throws -> [UserAccount] {
        let staff = [Role.reviewer, .approver, .admin].map(\.rawValue)
        let listed = String(decoding: try JSONEncoder().encode(Set(others.map(\.rawValue)).sorted()), as: UTF8.self)
        return try directoryUsers(where: """
            id IN (SELECT user_id FROM user_roles WHERE role IN (?, ?, ?)) OR id IN (SELECT value FROM json_each(?))
            """, arguments: StatementArguments(staff + [listed]))
    }

    private func directoryUsers(where condition: String, arguments: StatementArguments) throws -> [UserAccount] {
        try database.pool.read { db in
            var roles: [String: Set<Role>] = [:]
            let roleRows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT user_id, role FROM user_roles WHERE user_id IN (SELECT id FROM users WHERE \(condition))"),
                                               arguments: arguments)
            while let row = try roleRows.next() {
                if let role = Role(rawValue: row[1]) { roles[row[0], default: []].insert(role) }
            }
            var users: [UserAccount] = []
            let userRows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, email, display_name, organisation_id, version FROM users WHERE \(condition) ORDER BY email"),
                                               arguments: arguments)
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
