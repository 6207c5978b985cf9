import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Late-submission exceptions for administrators: the queue with the AO's account and evidence, and
/// each one granted with a new deadline (entered in UK time) or refused, with reasons.
struct ExceptionDecisionRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let clock: @Sendable () -> Date

    var lookup: StaffRecords { StaffRecords(records: records) }

    func register(on routes: inout GuardedRoutes) {
        routes.page("/institute/exceptions", .administer, .administration) { request, visit in
            try page.render("institute-exceptions", visit, try queueContext(request, visit))
        }
        let show = page.form("institute-exception") { request, visit, _ in try context(request, visit) }
        routes.page("/institute/exceptions/:reference", .administer, .administration) { request, visit in
            try show.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/institute/exceptions/:reference/decide", .administer, .administration, page: show) { request, visit, fields in
            let exception = try lookup.exception(request, visit, .administer)
            let reason = StaffText.trimmed(fields["reason"])
            var errors: [FieldError] = []
            let decision = fields["decision"] ?? ""
            let deadline = StaffText.parseUKTime(fields["new_deadline"] ?? "")
            if decision != "grant" && decision != "refuse" { errors.append(FieldError("decision", "Select whether to grant or refuse the exception")) }
            if decision == "grant" && deadline == nil {
                errors.append(FieldError("new_deadline", "Enter the new deadline in UK time, like 2025-03-28 17:00"))
            }
            if reason.isEmpty { errors.append(FieldError("reason", "Enter the reasons: the awarding organisation will read them")) }
            guard errors.isEmpty else { return try show.invalid(request, visit, fields, errors) }
            let event: ExceptionEvent = if decision == "grant", let deadline { .grant(newDeadline: deadline, reason: reason) } else { .refuse(reason: reason) }
            do {
                try records.applyException(event, to: exception.id, expectedVersion: exception.version, by: try visit.signedInActor(), at: clock())
            } catch let violation as RuleViolation {
                return try show.refused(request, visit, fields, violation)
            } catch let conflict as EditConflict {
                return try show.invalid(request, visit, fields, [FieldError(nil, conflict.description)])
            }
            return SignInRedirect.redirect(to: "/institute/exceptions/\(exception.reference)?done=\(decision)")
        }
    }

    /// The reference of the record an exception covers, for people.
    func recordReference(_ exception: LateSubmissionException) -> String {
        switch exception.recordType {
        case .submission: (try? records.record(Submission.self, id: exception.recordID))?.reference.description ?? exception.recordID
        case .proposal: (try? records.record(Proposal.self, id: exception.recordID))?.reference.description ?? exception.recordID
        case .registrationOfIntent: (try? records.record(RegistrationOfIntent.self, id: exception.recordID))?.reference.description ?? exception.recordID
        default: exception.recordID
        }
    }

    func queueContext(_ request: HTTPRequest, _ visit: Visit) throws -> [String: Any] {
        let directory = try StaffDirectory(records)
        let state = StaffText.query(request, "state")
        let search = StaffText.query(request, "q").uppercased()
        let rows = try records.staffQueue(LateSubmissionException.self, excludingStates: []).compactMap { exception -> [String: Any]? in
            let record = recordReference(exception)
            if !state.isEmpty && exception.state.rawValue != state { return nil }
            if !search.isEmpty && !record.uppercased().contains(search) && !exception.reference.description.contains(search) { return nil }
            return ["reference": exception.reference.description, "record": record, "organisation": directory.organisationName(exception.organisationID),
                    "window": exception.window.title, "reason": exception.reasonKind.title, "requestedAt": StaffText.time(exception.requestedAt),
                    "state": StaffText.state(exception.state.rawValue)]
        }
        return ["rows": rows, "q": StaffText.query(request, "q"),
                "states": [["value": "", "label": "Any state"]] + LateSubmissionException.State.allCases.map {
                    ["value": $0.rawValue, "label": StaffText.state($0.rawValue), "selected": $0.rawValue == state] as [String: Any]
                }]
    }

    func context(_ request: HTTPRequest, _ visit: Visit) throws -> [String: Any] {
        let exception = try lookup.exception(request, visit, .read)
        let directory = try StaffDirectory(records)
        let window = try records.record(Cycle.self, id: exception.cycleID.rawValue).window(exception.window)
        var context: [String: Any] = [
            "reference": exception.reference.description, "record": recordReference(exception),
            "recordIsSubmission": exception.recordType == .submission,
            "organisation": directory.organisationName(exception.organisationID), "cycle": directory.cycleName(exception.cycleID),
            "window": exception.window.title, "windowCloses": StaffText.time(window?.closes),
            "reason": exception.reasonKind.title, "eventAt": StaffText.time(exception.eventAt), "whatHappened": exception.whatHappened,
            "requestedAt": StaffText.time(exception.requestedAt), "requestedBy": directory.userName(exception.requestedBy),
            "state": StaffText.state(exception.state.rawValue), "canDecide": exception.state == .requested,
            "evidence": exception.evidence.map { ["name": $0.originalName, "sha256": $0.sha256, "kind": $0.kind.title] },
            "decisionReason": exception.decisionReason ?? "", "decidedBy": directory.userName(exception.decidedBy),
            "decidedAt": StaffText.time(exception.decidedAt), "newDeadline": StaffText.time(exception.newDeadline),
        ]
        let done = StaffText.query(request, "done")
        if done == "grant" { context["notice"] = "The exception has been granted. The awarding organisation can submit until the new deadline." }
        if done == "refuse" { context["notice"] = "The exception has been refused." }
        return context
    }
}
