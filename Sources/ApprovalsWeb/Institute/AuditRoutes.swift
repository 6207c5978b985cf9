import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// The audit trail for staff: per record and across the service, filtered by who, what and when
/// (times entered in UK time), fifty events a page by sequence number, newest first, with the state
/// of the hash chain (verified in full once, then incrementally: `InstituteAuditChainWatch`).
/// Reviewers see the trail too, except the events of an AO they declared a conflict with.
struct AuditRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let chain: InstituteAuditChainWatch

    static let pageSize = 50

    func register(on routes: inout GuardedRoutes) {
        routes.page("/institute/audit", .read, .staffRecord) { request, visit in
            try page.render("institute-audit", visit, try context(request, visit))
        }
    }

    func context(_ request: HTTPRequest, _ visit: Visit) throws -> [String: Any] {
        let directory = try StaffDirectory(records)
        let record = StaffText.query(request, "record"), actor = StaffText.query(request, "actor"), action = StaffText.query(request, "action")
        let fromText = StaffText.query(request, "from"), untilText = StaffText.query(request, "until")
        var errors: [FieldError] = []
        let from = fromText.isEmpty ? nil : StaffText.parseUKTime(fromText)
        let until = untilText.isEmpty ? nil : StaffText.parseUKTime(untilText)
        if !fromText.isEmpty && from == nil { errors.append(FieldError("from", "Enter the start as a UK time, like 2025-03-21 09:00")) }
        if !untilText.isEmpty && until == nil { errors.append(FieldError("until", "Enter the end as a UK time, like 2025-03-21 17:00")) }
        let search = AuditSearch(record: record, actorUserID: actor, action: action, from: from, until: until,
                                 before: Int64(StaffText.query(request, "before")), after: Int64(StaffText.query(request, "after")),
                                 hiddenOrganisations: visit.hiddenOrganisations)
        let found = errors.isEmpty ? try records.auditEventPage(matching: search, limit: Self.pageSize) : nil
        let shown = found?.events ?? []
        let verification = try chain.verification(of: records.database)
        var context: [String: Any] = [
            "record": record, "action": action, "from": fromText, "until": untilText,
            "actors": [["value": "", "label": "Anyone", "selected": actor.isEmpty]] + directory.users.values.sorted { $0.displayName < $1.displayName }
                .map { ["value": $0.id.rawValue, "label": $0.displayName, "selected": $0.id.rawValue == actor] as [String: Any] },
            "actions": [["value": "", "label": "Any action", "selected": action.isEmpty]] + (try records.auditActions())
                .map { ["value": $0, "label": $0.replacingOccurrences(of: "_", with: " "), "selected": $0 == action] as [String: Any] },
            "events": shown.map { event -> [String: Any] in
                let entry = event.entry
                return ["sequence": event.sequence, "at": StaffText.time(entry.occurredAt),
                        "who": entry.actorUserID.map { directory.userName(UserID($0)) } ?? "the service", "role": entry.actorRole,
                        "recordType": entry.recordType.replacingOccurrences(of: "_", with: " "), "reference": entry.recordReference ?? "",
                        "action": entry.action.replacingOccurrences(of: "_", with: " "),
                        "change": [entry.stateBefore, entry.stateAfter].compactMap { $0 }.joined(separator: " → "),
                        "reason": entry.reason ?? "", "hash": String(event.hash.prefix(12))]
            },
            "chainHolds": verification.holds, "chain": verification.description,
            "hasErrors": !errors.isEmpty,
            "errors": errors.map { ["message": $0.message, "href": "#\($0.field ?? "")"] },
            "errorFor": Dictionary(errors.compactMap { error in error.field.map { ($0, error.message) } }) { first, _ in first },
        ]
        // Paged by sequence number, so a page stays put while events are appended: Previous goes to
        // newer events, Next to older ones, each link keeping the filters.
        var query = FormFields()
        for (name, value) in [("record", record), ("actor", actor), ("action", action), ("from", fromText), ("until", untilText)] where !value.isEmpty {
            query.append(name, value)
        }
        let base = "/institute/audit?" + (query.urlEncoded.isEmpty ? "" : query.urlEncoded + "&")
        var pagination: [String: Any] = [:]
        if let newer = found?.newerAfter { pagination["previous"] = base + "after=\(newer)" }
        if let older = found?.olderBefore { pagination["next"] = base + "before=\(older)" }
        if !pagination.isEmpty { context["pagination"] = pagination }
        if let newest = shown.first?.sequence, let oldest = shown.last?.sequence {
            context["range"] = "Events \(newest) to \(oldest), newest first"
        }
        return context
    }
}
