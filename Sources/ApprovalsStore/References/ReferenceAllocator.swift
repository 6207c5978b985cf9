package import Approvals
package import GRDB

/// Hands out the next number of a kind of reference in a scope (a cycle's code, or a year), inside
/// the caller's write transaction: if that transaction rolls back, the number is handed out again,
/// so references have no gaps a person would ask about.
package enum ReferenceAllocator {
    package static func next(_ kind: RecordReference.Kind, scope: String, in db: Database) throws -> RecordReference {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO reference_sequences (scope, kind, next_value) VALUES (?, ?, 2)
            ON CONFLICT (scope, kind) DO UPDATE SET next_value = next_value + 1
            RETURNING next_value - 1
            """)
        guard let sequence = try Int.fetchOne(statement, arguments: [scope, kind.rawValue]),
              let reference = RecordReference(kind: kind, scope: scope, sequence: sequence)
        else { throw InvalidReferenceScope(scope: scope) }
        return reference
    }
}

/// A reference scope that is not 2 to 12 upper-case letters and digits.
public struct InvalidReferenceScope: Error, CustomStringConvertible {
    public let scope: String
    public var description: String { "\"\(scope)\" cannot be used in a reference: use 2 to 12 upper-case letters and digits." }
}
