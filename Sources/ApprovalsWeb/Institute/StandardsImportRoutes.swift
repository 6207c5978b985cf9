import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Importing a cycle's standards from CSV in two steps: the file is uploaded and kept (by its
/// SHA-256), the page shows what will be added, changed and taken out of scope, and only the
/// administrator's confirmation applies it, in one transaction per step, audited on the cycle.
struct StandardsImportRoutes: Sendable {
    let records: RecordStore
    let page: InstitutePage
    let clock: @Sendable () -> Date

    /// A CSV of standards is small; a megabyte is far more than the longest list of standards.
    static let maxBytes = 1 << 20

    func register(on routes: inout GuardedRoutes) {
        let upload = page.form("institute-standards-upload") { request, _, _ in try uploadContext(request) }
        routes.page("/institute/admin/cycles/:code/standards", .administer, .administration) { request, visit in
            try upload.render(request, visit, FormState(), status: .ok)
        }
        routes.upload("/institute/admin/cycles/:code/standards", .administer, .administration, page: upload,
                      maxBytes: Self.maxBytes + 16 * 1024) { request, visit, form in
            let cycle = try cycle(request)
            guard let file = form.file("standards"), file.size > 0 else {
                return try upload.invalid(request, visit, form.fields, [FieldError("standards", "Select a CSV file of standards")])
            }
            guard file.size <= Self.maxBytes else {
                return try upload.invalid(request, visit, form.fields, [FieldError("standards", "The file must be smaller than 1 MB")])
            }
            let stored = try records.storeDocument(contentsOf: URL(fileURLWithPath: file.temporaryPath), originalName: file.filename ?? "standards.csv",
                                                   kind: .other, uploadedBy: try visit.signedInActor().id, at: clock())
            return try preview(cycle, sha256: stored.sha256, name: stored.originalName, visit, upload, request, form.fields)
        }
        routes.form("/institute/admin/cycles/:code/standards/apply", .administer, .administration, page: upload) { request, visit, fields in
            let cycle = try cycle(request)
            guard let text = csv(fields["sha256"] ?? "") else {
                return try upload.invalid(request, visit, fields, [FieldError("standards", "The uploaded file was not found. Upload it again.")])
            }
            let plan: StandardsPlan
            do { plan = try StandardsPlan(csv: text, cycle: cycle, records: records, at: clock()) } catch let invalid as StandardsImport.Invalid {
                return try upload.invalid(request, visit, fields, invalid.problems.map { FieldError("standards", "Line \($0.line): \($0.message)") })
            }
            let actor = try visit.signedInActor()
            let outcome = try records.importStandards(csv: text, cycle: cycle.code, by: actor, at: clock())
            var version = try records.cycle(code: cycle.code).version
            for reference in plan.removed {
                version = try records.applyCycle(.removeStandard(reference: reference), to: cycle.id, expectedVersion: version, by: actor, at: clock()).version
            }
            var summary = FormFields()
            summary.append("imported", "\(outcome.added.count) added, \(outcome.updated.count) updated, \(plan.removed.count) taken out of scope")
            return SignInRedirect.redirect(to: "/institute/admin/cycles/\(cycle.code)?" + summary.urlEncoded)
        }
    }

    func preview(_ cycle: Cycle, sha256: String, name: String, _ visit: Visit, _ upload: InstituteFormPage, _ request: HTTPRequest,
                 _ fields: FormFields) throws -> HTTPResponse {
        guard let text = csv(sha256) else {
            return try upload.invalid(request, visit, fields, [FieldError("standards", "The file must be text in UTF-8 (CSV)")])
        }
        do {
            let plan = try StandardsPlan(csv: text, cycle: cycle, records: records, at: clock())
            return try page.render("institute-standards-preview", visit, [
                "code": cycle.code, "heading": cycle.name, "sha256": sha256, "name": name,
                "added": plan.added, "changed": plan.changed, "removed": plan.removed, "unchanged": plan.unchanged,
                "newlyInScope": plan.newlyInScope, "nothingToDo": plan.added.isEmpty && plan.changed.isEmpty && plan.removed.isEmpty && plan.newlyInScope.isEmpty,
            ])
        } catch let invalid as StandardsImport.Invalid {
            return try upload.invalid(request, visit, fields, invalid.problems.map { FieldError("standards", "Line \($0.line): \($0.message)") })
        }
    }

    func csv(_ sha256: String) -> String? {
        guard let url = records.documentFile(sha256: sha256), let data = try? Data(contentsOf: url) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    func cycle(_ request: HTTPRequest) throws -> Cycle {
        guard let cycle = try? records.cycle(code: request.parameters["code"] ?? "") else { throw RoutingError.notFound }
        return cycle
    }

    func uploadContext(_ request: HTTPRequest) throws -> [String: Any] {
        let cycle = try cycle(request)
        return ["code": cycle.code, "heading": cycle.name, "columns": StandardsImport.columns.joined(separator: ",")]
    }
}

/// What an import will do to the standards and to a cycle's list in scope. The file is the whole
/// list: a standard in scope now and missing from the file is taken out of scope (with the date).
struct StandardsPlan {
    var added: [String] = []
    var changed: [String] = []
    var unchanged: [String] = []
    var newlyInScope: [String] = []
    var removed: [String] = []

    init(csv text: String, cycle: Cycle, records: RecordStore, at instant: Date) throws {
        let standards = try StandardsImport.parse(text)
        for standard in standards {
            if let existing = try records.standard(reference: standard.reference) {
                if existing == standard { unchanged.append(standard.reference) } else {
                    var what: [String] = []
                    if existing.title != standard.title { what.append("title") }
                    if existing.version != standard.version { what.append("version \(existing.version) to \(standard.version)") }
                    if existing.status != standard.status { what.append("status") }
                    if existing.ksbs != standard.ksbs { what.append("KSBs") }
                    if existing.level != standard.level || existing.route != standard.route { what.append("level or route") }
                    changed.append("\(standard.reference) (\(what.joined(separator: ", ")))")
                }
            } else {
                added.append("\(standard.reference) \(standard.title)")
            }
            if !cycle.isInScope(standard: standard.reference, at: instant) { newlyInScope.append(standard.reference) }
        }
        let inFile = Set(standards.map(\.reference))
        removed = cycle.standardsInScope.filter { $0.isInScope(at: instant) && !inFile.contains($0.standardReference) }.map(\.standardReference)
    }
}
