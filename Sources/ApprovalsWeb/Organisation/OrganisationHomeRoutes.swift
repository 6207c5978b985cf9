import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// `/organisation`: an awarding organisation's home. Its current cycles with their windows in UK
/// time, a plain countdown to the next deadline (from the service clock), and a task list of its
/// records with their states.
struct OrganisationHomeRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords

    func register(on routes: inout GuardedRoutes) {
        routes.page("/organisation", .read, .organisationRecord(nil)) { request, visit in
            let organisationID = try own.organisationID(visit)
            let now = accounts.now
            let organisation = try accounts.records.read { try $0.organisation(organisationID) }
            // Every cycle is read once: the current ones are shown, all of them name the records' cycles.
            let everyCycle = try CurrentCycles(records: accounts.records).all()
            let cycles = CurrentCycles.current(everyCycle, at: now)
            let rows = try recordRows(organisationID, cycles: everyCycle)
            var context: [String: Any] = [
                "organisation": organisation.name, "now": UKTimeText.describe(now),
                "cycles": cycles.map { cycleContext($0, now: now) }, "records": rows, "hasRecords": !rows.isEmpty,
            ]
            if let next = CurrentCycles.nextDeadline(cycles, now: now) {
                context["nextDeadline"] = [
                    "what": "The \(next.kind.title) for \(next.cycle.name)", "countdown": "closes in " + next.remaining,
                    "at": UKTimeText.describe(next.closes),
                ]
            }
            return try page.render("organisation-home", visit, context)
        }
    }

    func cycleContext(_ cycle: Cycle, now: Date) -> [String: Any] {
        let windows: [[String: String]] = WindowKind.allCases.compactMap { kind in
            guard let window = cycle.window(kind) else { return nil }
            return ["name": kind.title.prefix(1).uppercased() + kind.title.dropFirst(), "opens": UKTimeText.describe(window.opens),
                    "closes": UKTimeText.describe(window.closes), "status": DeadlineCountdown.phrase(window, now: now)]
        }
        var context: [String: Any] = ["name": cycle.name, "code": cycle.code, "windows": windows]
        if let due = cycle.windows.proposalFeedbackDue { context["feedbackDue"] = UKTimeText.describe(due) }
        return context
    }

    func recordRows(_ organisationID: OrganisationID, cycles: [Cycle]) throws -> [[String: Any]] {
        let names = Dictionary(cycles.map { ($0.id, $0.name) }) { first, _ in first }
        let filter = RecordFilter(organisationID: organisationID.rawValue)
        var rows: [[String: Any]] = []
        func row(_ kind: String, _ reference: RecordReference, _ title: String, _ cycle: CycleID, _ state: String, _ href: String) {
            rows.append(["kind": kind, "reference": reference.description, "title": title, "cycle": names[cycle] ?? "",
                         "state": StateTag(state).context, "href": href])
        }
        for record in try accounts.records.page(RegistrationOfIntent.self, filter: filter, limit: 500).records {
            row("Registration of intent", record.reference, record.details.qualifications.map(\.title).first ?? "No qualifications yet",
                record.cycleID, record.state.rawValue, "/organisation/registrations/\(record.reference)")
        }
        for record in try accounts.records.page(Proposal.self, filter: filter, limit: 500).records {
            row("Proposal", record.reference, record.content.intendedTitle.isEmpty ? record.content.proposedArea : record.content.intendedTitle,
                record.cycleID, record.state.rawValue, "/organisation/proposals/\(record.reference)")
        }
        for record in try accounts.records.page(Submission.self, filter: filter, limit: 500).records {
            row("Submission", record.reference, record.draft.title, record.cycleID, record.state.rawValue,
                "/organisation/submissions/\(record.reference)")
        }
        for record in try accounts.records.page(LateSubmissionException.self, filter: filter, limit: 500).records {
            row("Late-submission exception", record.reference, record.reasonKind.title.prefix(1).uppercased() + record.reasonKind.title.dropFirst(),
                record.cycleID, record.state.rawValue, "/organisation/exceptions/\(record.reference)")
        }
        return rows
    }
}

/// The cycles an awarding organisation is working in now: those with a window still to close, or
/// one closed within the day in which a late-submission exception may still be asked for.
struct CurrentCycles {
    let records: RecordStore

    func all() throws -> [Cycle] {
        try records.page(Cycle.self, limit: 500).records
    }

    func current(at now: Date, policy: ApprovalPolicy = .standard) throws -> [Cycle] {
        Self.current(try all(), at: now, policy: policy)
    }

    /// Those of `cycles` current at `now`, by name, for a caller that has read them already.
    static func current(_ cycles: [Cycle], at now: Date, policy: ApprovalPolicy = .standard) -> [Cycle] {
        cycles.filter { cycle in
            WindowKind.allCases.contains { kind in
                guard let window = cycle.window(kind) else { return false }
                return now < ExceptionLodging.lodgingEnds(of: window, policy: policy)
            }
        }.sorted { $0.name < $1.name }
    }

    /// The cycles whose window of `kind` is open now.
    func open(_ kind: WindowKind, at now: Date) throws -> [Cycle] {
        try all().filter { $0.window(kind)?.contains(now) == true }.sorted { $0.name < $1.name }
    }

    struct Deadline {
        let cycle: Cycle
        let kind: WindowKind
        let closes: Date
        let remaining: String
    }

    /// The soonest closing instant of a window open now.
    static func nextDeadline(_ cycles: [Cycle], now: Date) -> Deadline? {
        let open = cycles.flatMap { cycle in
            WindowKind.allCases.compactMap { kind -> (Cycle, WindowKind, Date)? in
                guard let window = cycle.window(kind), window.contains(now) else { return nil }
                return (cycle, kind, window.closes)
            }
        }
        guard let (cycle, kind, closes) = open.min(by: { $0.2 < $1.2 }),
              let remaining = DeadlineCountdown.remaining(from: now, to: closes) else { return nil }
        return Deadline(cycle: cycle, kind: kind, closes: closes, remaining: remaining)
    }
}
