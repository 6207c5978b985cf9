import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Check your answers and submit: the domain's rule checks (`SubmissionCheck`) are run on the page
/// before the button is pressed and shown as the error summary; the submit itself is the domain's
/// again. Then the confirmation with the reference and what happens next, each version's page, and
/// its receipt to print or save.
struct SubmissionSubmitRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords

    func register(on routes: inout GuardedRoutes) {
        let check = SubmissionCheckPage(accounts: accounts, page: page, own: own)
        routes.page("/organisation/submissions/:reference/check", .edit, .organisationRecord(nil)) { request, visit in
            try check.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/organisation/submissions/:reference/submit", .edit, .organisationRecord(nil), page: check) { request, visit, fields in
            let submission = try own.submission(request, visit, .edit)
            return try DomainRefusal.attempt {
                let submitted = try accounts.records.applySubmission(.submit, to: submission.id,
                                                                     expectedVersion: DomainRefusal.version(fields, current: submission.version),
                                                                     by: visit.signedInActor(), at: accounts.now)
                return SignInRedirect.redirect(to: "/organisation/submissions/\(submitted.reference)/confirmation")
            } refused: { errors in
                try check.render(request, visit, FormState(errors: errors), status: .unprocessableContent)
            }
        }

        routes.page("/organisation/submissions/:reference/confirmation", .read, .organisationRecord(nil)) { request, visit in
            let submission = try own.submission(request, visit, .read)
            guard let version = submission.latestVersion else { return SignInRedirect.redirect(to: "/organisation/submissions/\(submission.reference)") }
            let receipt = SubmissionReceipt(reference: submission.reference, version: version)
            return try page.render("organisation-submission-confirmation", visit, [
                "reference": submission.reference.description, "title": version.content.title, "number": version.number,
                "submittedAt": UKTimeText.describe(version.submittedAt), "sha256": receipt.sha256,
                "versionHref": "/organisation/submissions/\(submission.reference)/versions/\(version.number)",
            ])
        }

        routes.page("/organisation/submissions/:reference/versions/:number", .read, .organisationRecord(nil)) { request, visit in
            let (submission, version) = try self.version(request, visit)
            let receipt = SubmissionReceipt(reference: submission.reference, version: version)
            let names = try SubmissionCheckPage.names(version.content, records: accounts.records)
            return try page.render("organisation-submission-version", visit, [
                "reference": submission.reference.description, "title": version.content.title, "number": version.number,
                "submittedAt": UKTimeText.describe(version.submittedAt), "sha256": receipt.sha256,
                "late": version.lateExceptionID != nil, "latest": version.number == submission.versions.count,
                "rows": SummaryRow.contexts(SubmissionQuestions.summary(version.content, base: nil, names: names)),
                "documents": DocumentRow.contexts(version.content.documents, of: submission.reference), "documentsCaption": "Documents of version \(version.number)",
                "receiptHref": "/organisation/submissions/\(submission.reference)/versions/\(version.number)/receipt.txt",
                "others": submission.versions.filter { $0.number != version.number }.map {
                    ["number": $0.number, "href": "/organisation/submissions/\(submission.reference)/versions/\($0.number)"]
                },
            ])
        }
        routes.page("/organisation/submissions/:reference/versions/:number/receipt.txt", .read, .organisationRecord(nil)) { request, visit in
            let (submission, version) = try self.version(request, visit)
            var response = HTTPResponse.text(SubmissionReceipt(reference: submission.reference, version: version).text)
            response.headers.replaceOrAdd("Content-Disposition", "attachment; filename=\"receipt-\(submission.reference)-v\(version.number).txt\"")
            response.headers.replaceOrAdd("Cache-Control", "no-store")
            return response
        }
    }

    func version(_ request: HTTPRequest, _ visit: Visit) throws -> (Submission, SubmissionVersion) {
        let submission = try own.submission(request, visit, .read)
        guard let number = Int(request.parameters["number"] ?? ""), let version = submission.versions.first(where: { $0.number == number }) else {
            throw RoutingError.notFound
        }
        return (submission, version)
    }
}

/// Check your answers before submitting: every answer with a link to change it, the documents, and
/// the domain's rule checks run now, as the error summary, so that nothing is a surprise at submit.
struct SubmissionCheckPage: FormPage {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords

    func render(_ request: HTTPRequest, _ visit: Visit, _ state: FormState, status: HTTPStatus) throws -> HTTPResponse {
        let submission = try own.submission(request, visit, .edit)
        guard submission.state == .draft else { return SignInRedirect.redirect(to: "/organisation/submissions/\(submission.reference)") }
        let now = accounts.now
        let failures = try accounts.records.read { facts in
            SubmissionCheck.checkBeforeSubmit(submission.draft, of: submission, context: try facts.submissionContext(for: submission), at: now)
        }
        var form = state
        if form.errors.isEmpty { form.errors = failures.map { FieldError($0.field, $0.message) } }
        let windowClosed = failures.contains { $0.rule == .windowClosed }
        let base = "/organisation/submissions/\(submission.reference)/"
        let context: [String: Any] = [
            "reference": submission.reference.description, "title": submission.draft.title, "version": submission.version,
            "rows": SummaryRow.contexts(SubmissionQuestions.summary(submission.draft, base: base,
                                                                    names: try Self.names(submission.draft, records: accounts.records))),
            "documents": DocumentRow.contexts(submission.draft.documents, of: submission.reference), "documentsCaption": "Documents to be submitted",
            "hasDocuments": !submission.draft.documents.isEmpty, "ready": failures.isEmpty, "windowClosed": windowClosed,
            "exceptionHref": base + "exception",
        ]
        return try page.render("organisation-submission-check", visit, context, form: form, status: status)
    }

    /// The proposal's and the area's names, for the summary.
    static func names(_ content: SubmissionContent, records: RecordStore) throws -> (proposal: String?, area: String?) {
        let proposal = try OwnRecords.linked(Proposal.self, id: content.proposalID?.rawValue, in: records)
        let area = try OwnRecords.linked(SpecialistArea.self, id: content.specialistAreaID?.rawValue, in: records)
        return (proposal.map { "\($0.reference): \($0.content.intendedTitle)" }, area?.name)
    }
}
