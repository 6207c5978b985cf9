import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// The audit trail for staff: per record and across the service, filtered by who, what and when
/// (times entered in UK time), with the state of the hash chain recomputed on each visit.
/// Reviewers see the trail too, except the events of an AO they declared a conflict with.
struct AuditRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage

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
        let events = errors.isEmpty
            ? try records.auditEvents(matching: AuditSearch(record: record, actorUserID: actor, action: action, from: from, until: until,
                                                            before: Int64(StaffText.query(request, "before"))), limit: 100)
            : []
        let hidden = visit.conflicts.map(\.rawValue)
        let shown = events.filter { event in
            // A conflicted reviewer does not see the working of an AO's records they are kept from.
            !(event.entry.actorOrganisationID.map(hidden.contains) ?? false) && !hiddenRecord(event.entry, hidden: Set(hidden))
        }
        let verification = try records.database.verifyAudit()
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
        if events.count == 100, let last = events.last {
            var query = FormFields()
            for (name, value) in [("record", record), ("actor", actor), ("action", action), ("from", fromText), ("until", untilText)] where !value.isEmpty {
                query.append(name, value)
            }
            query.append("before", String(last.sequence))
            context["older"] = "/institute/audit?" + query.urlEncoded
        }
        return context
    }

    /// True when the event is about a record of an organisation in `hidden`.
    func hiddenRecord(_ entry: AuditEntry, hidden: Set<String>) -> Bool {
        guard !hidden.isEmpty else { return false }
        let owner: OrganisationID? = switch entry.recordType {
        case "submission": (try? records.record(Submission.self, id: entry.recordID))?.organisationID
        case "proposal": (try? records.record(Proposal.self, id: entry.recordID))?.organisationID
        case "review": (try? records.record(Review.self, id: entry.recordID))?.organisationID
        case "late_submission_exception": (try? records.record(LateSubmissionException.self, id: entry.recordID))?.organisationID
        case "registration_of_intent": (try? records.record(RegistrationOfIntent.self, id: entry.recordID))?.organisationID
        default: nil
        }
        return owner.map { hidden.contains($0.rawValue) } ?? false
    }
}
