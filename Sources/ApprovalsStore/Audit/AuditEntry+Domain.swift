public import Approvals
import Foundation

extension AuditEntry {
    /// The stored form of the audit event a domain transition produced.
    public init(_ event: AuditEvent) {
        self.init(
            occurredAt: event.at,
            actorUserID: event.actorID.rawValue,
            actorRole: event.actorRoles.map(\.rawValue).joined(separator: ","),
            actorOrganisationID: event.actorOrganisationID?.rawValue,
            recordType: event.recordType.rawValue,
            recordID: event.recordID,
            recordReference: event.recordReference?.description,
            action: event.action,
            stateBefore: event.stateBefore,
            stateAfter: event.stateAfter,
            reason: event.reason,
            details: AuditEntry.json(event.details))
    }

    /// Sorted keys, so that the same facts always give the same bytes (they are hashed).
    static func json(_ details: [String: String]) -> String? {
        guard !details.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(details)).map { String(decoding: $0, as: UTF8.self) }
    }
}
