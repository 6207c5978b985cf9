import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Answering a reviewer's clarification request: the question, the answer in words, and documents
/// if the answer needs them (sent with the answer as a new version of the submission).
struct ClarificationRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords
    let evidence: EvidenceUpload

    func register(on routes: inout GuardedRoutes) {
        let form = QuestionFormPage(page: page) { request, visit in
            let submission = try own.submission(request, visit, .edit)
            guard let round = submission.openClarification else { throw RoutingError.notFound }
            let due = try accounts.records.clarificationDueDates(of: submission.id)[round.number]
            return QuestionPageContent(
                heading: "Answer the clarification request", caption: "Submission \(submission.reference) – request \(round.number)",
                intro: ["The reviewer asked, at \(UKTimeText.describe(round.askedAt)):", round.question],
                deadline: due.map { ClarificationDeadline(due: $0, now: accounts.now) },
                action: "/organisation/submissions/\(submission.reference)/clarification", button: "Send answer",
                backHref: "/organisation/submissions/\(submission.reference)",
                questions: [
                    Question(id: "answer", label: "Your answer", kind: .textarea(rows: 8)),
                    Question(id: "documents", label: "Documents with your answer (optional)",
                             hint: evidence.hint + " Documents sent with the answer are added to the submission as a new version.", kind: .files),
                    Question(id: "document_kind", label: "What are the documents?",
                             kind: .radios(DocumentKind.allCases.map { .init(value: $0.rawValue, label: $0.title.prefix(1).uppercased() + $0.title.dropFirst()) })),
                ],
                multipart: true, hidden: [("version", String(submission.version))])
        }
        routes.page("/organisation/submissions/:reference/clarification", .edit, .organisationRecord(nil)) { request, visit in
            try form.render(request, visit, FormState(values: ["document_kind": DocumentKind.other.rawValue]), status: .ok)
        }
        routes.upload("/organisation/submissions/:reference/clarification", .edit, .organisationRecord(nil), page: form,
                      maxBytes: evidence.routeBodyLimit, body: evidence.routeBody(MultipartLimits(maxParts: EvidenceUpload.filesPerForm + 10))) { request, visit, upload in
            let submission = try own.submission(request, visit, .edit)
            let actor = try visit.signedInActor()
            let answer = (upload.fields["answer"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let failed = { (errors: [FieldError]) in
                try form.render(request, visit, OrganisationFormState.from(upload.fields, errors: errors), status: .unprocessableContent)
            }
            var errors: [FieldError] = []
            if answer.isEmpty { errors.append(FieldError("answer", "Enter your answer to the clarification request")) }
            let kind = DocumentKind(rawValue: upload.fields["document_kind"] ?? "")
            let chosen = upload.files("documents").contains { $0.size > 0 }
            if chosen && kind == nil { errors.append(FieldError("document_kind", "Select what the documents are")) }
            guard errors.isEmpty else { return try failed(errors) }
            let outcome = try evidence.store(upload, fields: [("documents", kind ?? .other)], by: actor.id, at: accounts.now)
            // An answer goes with all its documents or not at all: a refused file stops the answer, so
            // the reviewer never reads an answer that refers to a file that is not there.
            guard outcome.errors.isEmpty else { return try failed(outcome.errors) }
            var amended: SubmissionContent?
            if !outcome.stored.isEmpty {
                var content = submission.latestVersion?.content ?? submission.draft
                content.documents += outcome.stored
                amended = content
            }
            return try DomainRefusal.attempt(fallbackField: "answer") {
                try accounts.records.applySubmission(.answerClarification(answer: answer, amendedContent: amended), to: submission.id,
                                                     expectedVersion: DomainRefusal.version(upload.fields, current: submission.version),
                                                     by: actor, at: accounts.now)
                return SignInRedirect.redirect(to: "/organisation/submissions/\(submission.reference)?answered=1")
            } refused: { try failed($0) }
        }
    }
}
