import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Cycles for administrators: the list with every window shown in UK time (GMT or BST stated), a new
/// cycle, and a cycle's name, windows, categories and routes changed. Each change is one of the
/// domain's cycle events, audited.
struct CycleAdministrationRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let clock: @Sendable () -> Date

    func register(on routes: inout GuardedRoutes) {
        routes.page("/institute/admin/cycles", .administer, .administration) { request, visit in
            let cycles = try records.page(Cycle.self, limit: 500).records.sorted { $0.code < $1.code }
            return try page.render("institute-cycles", visit, [
                "cycles": cycles.map { cycle -> [String: Any] in
                    ["code": cycle.code, "name": cycle.name, "level": cycle.level.title, "standards": cycle.standardsInScope.filter { $0.removedAt == nil }.count,
                     "windows": CycleForm.windows.compactMap { _, kind, label in
                         cycle.window(kind).map { "\(label): \(StaffText.time($0.opens)) to \(StaffText.time($0.closes))" }
                     } + [cycle.firstTeaching.map { "First teaching: \($0.description)" }].compactMap { $0 }]
                },
                "notice": StaffText.query(request, "created").isEmpty ? "" : "Cycle \(StaffText.query(request, "created")) has been created.",
            ])
        }
        let create = page.form("institute-cycle-new") { _, _, _ in CycleForm.choices(fields: nil, cycle: nil) }
        routes.page("/institute/admin/cycles/new", .administer, .administration) { request, visit in
            try create.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/institute/admin/cycles/new", .administer, .administration, page: create) { request, visit, fields in
            let form = CycleForm(fields, needsIdentity: true)
            let code = StaffText.trimmed(fields["cycle_code"]).uppercased()
            var errors = form.errors
            if code.isEmpty { errors.insert(FieldError("cycle_code", "Enter the cycle's code, like L3S26"), at: 0) }
            guard errors.isEmpty, let level = form.level, let number = form.number else {
                return try page.render("institute-cycle-new", visit, CycleForm.choices(fields: fields, cycle: nil),
                                       form: FormState(fields, errors: errors), status: .unprocessableContent)
            }
            let cycle = Cycle(id: CycleID(RecordStore.newIdentifier()), code: code, name: form.name, level: level, number: number,
                              categories: form.categories, routes: form.routes, windows: form.cycleWindows,
                              firstTeaching: form.firstTeaching)
            do {
                if (try? records.cycle(code: code)) != nil {
                    throw RuleViolation(.requiredField, "There is already a cycle with the code \(code). Choose another code.", field: "cycle_code")
                }
                try records.createCycle(cycle, by: try visit.signedInActor(), at: clock())
            } catch let violation as RuleViolation {
                // The domain names the code field `code`; the form's is `cycle_code` (a field named
                // `code` is never sent back: it is the sign-in's one-time code).
                return try page.render("institute-cycle-new", visit, CycleForm.choices(fields: fields, cycle: nil),
                                       form: FormState(fields, errors: violation.all.map { FieldError($0.field == "code" ? "cycle_code" : $0.field, $0.message) }),
                                       status: .unprocessableContent)
            }
            return SignInRedirect.redirect(to: "/institute/admin/cycles?created=\(code)")
        }

        let edit = page.form("institute-cycle") { request, _, _ in try editContext(request, fields: nil) }
        routes.page("/institute/admin/cycles/:code", .administer, .administration) { request, visit in
            let cycle = try cycle(request)
            return try edit.render(request, visit, FormState(values: CycleForm.values(of: cycle)), status: .ok)
        }
        routes.form("/institute/admin/cycles/:code", .administer, .administration, page: edit) { request, visit, fields in
            let cycle = try cycle(request)
            let form = CycleForm(fields, needsIdentity: false)
            var errors = form.errors
            if form.name.isEmpty { errors.insert(FieldError("name", "Enter the cycle's name"), at: 0) }
            guard errors.isEmpty else {
                return try page.render("institute-cycle", visit, try editContext(request, fields: fields),
                                       form: FormState(fields, errors: errors), status: .unprocessableContent)
            }
            var events: [CycleEvent] = []
            if form.name != cycle.name { events.append(.rename(form.name)) }
            for (_, kind, _) in CycleForm.windows where form.windows[kind] != cycle.window(kind) {
                events.append(.setWindow(kind, form.windows[kind]))
            }
            if form.feedbackDue != cycle.windows.proposalFeedbackDue { events.append(.setProposalFeedbackDue(form.feedbackDue)) }
            if form.firstTeaching != cycle.firstTeaching { events.append(.setFirstTeaching(form.firstTeaching)) }
            if form.categories != cycle.categories || form.routes != cycle.routes {
                events.append(.setScope(categories: form.categories, routes: form.routes))
            }
            let actor = try visit.signedInActor()
            var version = cycle.version
            do {
                for event in events {
                    version = try records.applyCycle(event, to: cycle.id, expectedVersion: version, by: actor, at: clock()).version
                }
            } catch let violation as RuleViolation {
                return try page.render("institute-cycle", visit, try editContext(request, fields: fields),
                                       form: FormState(fields, errors: violation.all.map { FieldError($0.field, $0.message) }),
                                       status: .unprocessableContent)
            }
            return SignInRedirect.redirect(to: "/institute/admin/cycles/\(cycle.code)?saved=\(events.count)")
        }
    }

    func cycle(_ request: HTTPRequest) throws -> Cycle {
        guard let cycle = try? records.cycle(code: request.parameters["code"] ?? "") else { throw RoutingError.notFound }
        return cycle
    }

    func editContext(_ request: HTTPRequest, fields: FormFields?) throws -> [String: Any] {
        let cycle = try cycle(request)
        var context = CycleForm.choices(fields: fields, cycle: cycle)
        context["code"] = cycle.code
        context["heading"] = cycle.name
        context["level"] = cycle.level.title
        context["standards"] = cycle.standardsInScope.map { entry -> [String: Any] in
            ["reference": entry.standardReference, "added": StaffText.time(entry.addedAt), "removed": StaffText.time(entry.removedAt),
             "inScope": entry.removedAt == nil]
        }
        context["version"] = String(cycle.version)
        if let saved = Int(StaffText.query(request, "saved")) {
            context["notice"] = saved == 0 ? "Nothing was changed." : "The cycle has been saved (\(saved) change\(saved == 1 ? "" : "s"))."
        }
        let imported = StaffText.query(request, "imported")
        if !imported.isEmpty { context["notice"] = "The standards have been imported: \(imported)." }
        let added = StaffText.query(request, "standard_added"), removed = StaffText.query(request, "standard_removed")
        if !added.isEmpty { context["notice"] = "\(added) is in scope from now on." }
        if !removed.isEmpty { context["notice"] = "\(removed) has been taken out of scope. Its entry is kept with the date it was removed." }
        return context
    }
}
