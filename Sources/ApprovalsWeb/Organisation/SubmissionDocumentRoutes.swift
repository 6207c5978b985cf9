import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// A submission's documents, with the file upload pattern: several files at once, one input for
/// each kind of document, the limit and the accepted types stated, each file's name, size and
/// SHA-256 shown. A refused file is named in the error summary and the others are kept. The KSB
/// mapping can be uploaded here as a CSV file, which also becomes the mapping template document.
struct SubmissionDocumentRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords
    let evidence: EvidenceUpload

    /// The file inputs of the upload form, one per kind of document.
    static let inputs: [(name: String, kind: DocumentKind)] = DocumentKind.allCases.map { ($0.rawValue, $0) }

    func register(on routes: inout GuardedRoutes) {
        let documentsPage = DocumentsPage(accounts: accounts, page: page, own: own, evidence: evidence)
        routes.page("/organisation/submissions/:reference/documents", .edit, .organisationRecord(nil)) { request, visit in
            try documentsPage.render(request, visit, FormState(), status: .ok)
        }
        routes.upload("/organisation/submissions/:reference/documents", .edit, .organisationRecord(nil), page: documentsPage,
                      maxBytes: evidence.routeBodyLimit, body: evidence.routeBody(MultipartLimits(maxParts: EvidenceUpload.filesPerForm + 10))) { request, visit, form in
            let submission = try own.submission(request, visit, .edit)
            let actor = try visit.signedInActor()
            var outcome = try evidence.store(form, fields: Self.inputs, by: actor.id, at: accounts.now)
            var content = submission.draft
            for csv in form.files("ksb_mapping_csv") where csv.size > 0 {
                switch try mapping(from: csv) {
                case .mapping(let mapping):
                    content.ksbMapping = mapping
                    let stored = try evidence.store(MultipartForm(fields: FormFields(), files: [csv]), fields: [("ksb_mapping_csv", .mappingTemplate)],
                                                    by: actor.id, at: accounts.now)
                    outcome.stored += stored.stored
                    outcome.errors += stored.errors
                case .problem(let message):
                    outcome.errors.append(FieldError("ksb_mapping_csv", message))
                }
            }
            if outcome.stored.isEmpty && outcome.errors.isEmpty && content == submission.draft {
                outcome.errors.append(FieldError(Self.inputs[0].name, "Choose at least one file to upload"))
            }
            content.documents += outcome.stored
            let failed = { (errors: [FieldError]) in
                try documentsPage.render(request, visit, OrganisationFormState.from(form.fields, errors: errors), status: .unprocessableContent)
            }
            guard content != submission.draft else { return try failed(outcome.errors) }
            return try DomainRefusal.attempt(fallbackField: "documents") {
                let saved = try SubmissionChange(accounts: accounts).save(submission, content, form.fields, by: actor)
                if outcome.errors.isEmpty { return SignInRedirect.redirect(to: "/organisation/submissions/\(saved.reference)/documents?uploaded=\(outcome.stored.count)") }
                // Some files were kept and some refused: the page lists the kept ones and names the refused.
                return try documentsPage.render(request, visit, FormState(errors: outcome.errors), status: .unprocessableContent)
            } refused: { try failed(outcome.errors + $0) }
        }
        routes.form("/organisation/submissions/:reference/documents/:document/remove", .edit, .organisationRecord(nil), page: documentsPage) { request, visit, fields in
            let submission = try own.submission(request, visit, .edit)
            guard let index = Int(request.parameters["document"] ?? ""), submission.draft.documents.indices.contains(index) else { throw RoutingError.notFound }
            var content = submission.draft
            content.documents.remove(at: index)
            return try DomainRefusal.attempt(fallbackField: "documents") {
                let saved = try SubmissionChange(accounts: accounts).save(submission, content, fields, by: visit.signedInActor())
                return SignInRedirect.redirect(to: "/organisation/submissions/\(saved.reference)/documents?removed=1")
            } refused: { errors in
                try documentsPage.render(request, visit, FormState(errors: errors), status: .unprocessableContent)
            }
        }
    }

    func mapping(from file: UploadedFile) throws -> KSBMappingCSV.Reading {
        guard file.size <= 5_000_000 else { return .problem("The KSB mapping CSV is larger than 5 MB. Upload the mapping alone, one KSB a row") }
        let sniffed = try EvidenceUpload.sniff(file.temporaryPath)
        guard sniffed == "text/csv" || sniffed == "text/plain" else {
            return .problem("\(EvidenceUpload.displayName(file.filename)) is not a CSV file (its content is \(EvidenceUpload.describe(sniffed))). Save the mapping template as CSV and upload it again")
        }
        let text = try String(contentsOf: URL(fileURLWithPath: file.temporaryPath), encoding: .utf8)
        return KSBMappingCSV.read(text)
    }
}

/// The documents page: what is uploaded, and the upload form.
struct DocumentsPage: FormPage {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords
    let evidence: EvidenceUpload

    func render(_ request: HTTPRequest, _ visit: Visit, _ state: FormState, status: HTTPStatus) throws -> HTTPResponse {
        let submission = try own.submission(request, visit, .edit)
        let required = ApprovalPolicy.standard.requiredDocuments
        let present = Set(submission.draft.documents.map(\.kind))
        var questions = SubmissionDocumentRoutes.inputs.map { input in
            Question(id: input.name, label: input.kind.title.prefix(1).uppercased() + input.kind.title.dropFirst()
                        + (required.contains(input.kind) ? (present.contains(input.kind) ? " (received; add another if needed)" : " (required)") : " (optional)"),
                     kind: .files)
        }
        questions.append(Question(id: "ksb_mapping_csv", label: "KSB mapping as a CSV file (optional)",
                                  hint: "In the mapping template's shape: \(KSBMappingCSV.header). It replaces the mapping typed on the standard page and is kept as the mapping template.",
                                  kind: .files))
        var context: [String: Any] = [
            "reference": submission.reference.description, "title": submission.draft.title, "version": submission.version,
            "documents": submission.draft.documents.enumerated().map { index, document -> [String: String] in
                var row = DocumentRow.context(document, href: OrganisationDocumentRoutes.submissionHref(submission.reference, document))
                row["index"] = String(index)
                return row
            },
            "hasDocuments": !submission.draft.documents.isEmpty,
            "missing": required.filter { !present.contains($0) }.map { $0.title },
            "limit": evidence.limitText, "types": EvidenceUpload.accepted.map(\.name).joined(separator: ", "),
            "questions": questions.map { $0.context(state) }, "inset": SubmissionChange.notice(submission) ?? "",
            "editable": [.draft, .submitted, .inReview].contains(submission.state), "documentsCaption": "Documents of \(submission.reference)",
        ]
        let query = try request.queryParameters()
        if let uploaded = query["uploaded"] { context["notice"] = uploaded == "1" ? "1 file has been uploaded." : "\(uploaded) files have been uploaded." }
        if query["removed"] != nil { context["notice"] = "The document has been removed." }
        return try page.render("organisation-documents", visit, context, form: state, status: status)
    }
}
