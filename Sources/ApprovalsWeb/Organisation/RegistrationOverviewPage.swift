import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// One registration of intent: its window, contact, intended qualifications (each removable), and
/// what can be done next in its state. Shown again with the domain's refusal when registering fails.
struct RegistrationOverviewPage: FormPage {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords

    func render(_ request: HTTPRequest, _ visit: Visit, _ state: FormState, status: HTTPStatus) throws -> HTTPResponse {
        let record = try own.registration(request, visit, .read)
        let (cycle, exceptions) = try accounts.records.read {
            (try $0.cycle(record.cycleID), try $0.exceptions(recordType: .registrationOfIntent, recordID: record.id.rawValue))
        }
        let now = accounts.now
        let editable = record.state != .withdrawn
        let areas = Dictionary(try accounts.records.page(SpecialistArea.self, limit: 500).records.map { ($0.id, $0.name) }) { first, _ in first }
        var context: [String: Any] = [
            "reference": record.reference.description, "cycle": cycle.name, "state": StateTag(record.state.rawValue).context,
            "version": record.version, "isDraft": record.state == .draft, "editable": editable,
            "contact": ["name": record.details.contact.name, "email": record.details.contact.email,
                        "telephone": record.details.contact.telephone ?? "Not given"],
            "qualifications": record.details.qualifications.enumerated().map { index, qualification in
                ["index": index, "title": qualification.title, "category": qualification.category.title,
                 "standards": qualification.standardReferences.isEmpty ? "None" : qualification.standardReferences.joined(separator: ", "),
                 "area": qualification.specialistAreaID.flatMap { areas[$0] } ?? "None",
                 "proposalFirst": qualification.proposalFirst ? "Yes" : "No", "editable": editable] as [String: Any]
            },
        ]
        if let window = cycle.window(.registrationOfIntent) {
            context["window"] = ["opens": UKTimeText.describe(window.opens), "closes": UKTimeText.describe(window.closes),
                                 "status": DeadlineCountdown.phrase(window, now: now)]
        }
        if record.state != .withdrawn {
            RecordExceptionsPanel.windowState(ExceptionSubject(record), cycle: cycle, exceptions: exceptions, at: now, into: &context) {
                "Your late-submission exception lets you register or amend this until \($0)."
            }
        }
        context["exceptions"] = RecordExceptionsPanel.rows(exceptions)
        if let registered = record.registeredAt { context["registeredAt"] = UKTimeText.describe(registered) }
        let query = try request.queryParameters()
        if query["registered"] != nil { context["notice"] = "\(record.reference) is registered. You can amend it while the registration window is open." }
        if query["withdrawn"] != nil { context["notice"] = "\(record.reference) has been withdrawn." }
        if let changed = query["changed"] {
            context["notice"] = switch changed {
            case "added": "The qualification has been added."
            case "removed": "The qualification has been removed."
            default: "The contact has been changed."
            }
        }
        return try page.render("organisation-registration", visit, context, form: state, status: status)
    }
}
