import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Late-submission exceptions: once a submission or proposal window has closed, the form to ask for one for a
/// record (reason, time of the event, what happened, evidence), and its outcome. A granted one opens
/// the submit button for that record only, until its new deadline (the domain's `WindowCheck`).
struct ExceptionRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords
    let evidence: EvidenceUpload

    static let reasonChoices = LateSubmissionException.ReasonKind.allCases.map {
        Question.Choice(value: $0.rawValue, label: $0.title.prefix(1).uppercased() + $0.title.dropFirst())
    }

    func register(on routes: inout GuardedRoutes) {
        for kind in ExceptionTarget.Kind.allCases { register(kind, on: &routes) }
        registerOutcome(on: &routes)
    }

    func register(_ kind: ExceptionTarget.Kind, on routes: inout GuardedRoutes) {
        let own = self.own
        let form = ExceptionFormPage(accounts: accounts, page: page, evidence: evidence) { request, visit in
            try ExceptionTarget.load(kind, request, visit, own: own)
        }
        let path = "/organisation/\(kind.rawValue)/:reference/exception"
        routes.page(path, .edit, .organisationRecord(nil)) { request, visit in
            try form.render(request, visit, FormState(), status: .ok)
        }
        routes.upload(path, .edit, .organisationRecord(nil), page: form,
                      maxBytes: evidence.routeBodyLimit, body: evidence.routeBody(MultipartLimits(maxParts: EvidenceUpload.filesPerForm + 20))) { request, visit, upload in
            let target = try ExceptionTarget.load(kind, request, visit, own: own)
            let actor = try visit.signedInActor()
            let fields = upload.fields
            // Files that pass are stored at once and carried by the form from now on, so a problem
            // elsewhere on the form never makes anyone upload them again.
            let outcome = try evidence.store(upload, fields: [("evidence", .other)], by: actor.id, at: accounts.now)
            let kept = try evidence.kept(fields.values("kept_evidence") + outcome.stored.map(\.sha256), kind: .other, by: actor.id)
            var errors = outcome.errors
            let reason = LateSubmissionException.ReasonKind(rawValue: fields["reason_kind"] ?? "")
            if reason == nil { errors.append(FieldError("reason_kind", "Select why you could not submit in time")) }
            var values = OrganisationFormState.from(fields).values
            values["kept_evidence"] = kept.map(\.sha256).joined(separator: "\n")
            var eventAt: Date?
            switch UKDateTimeInput(field: "event_at").read(values) {
            case .instant(let instant): eventAt = instant
            case .problem(let problem): errors.append(problem)
            }
            let whatHappened = (fields["what_happened"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if whatHappened.isEmpty { errors.append(FieldError("what_happened", "Describe what happened")) }
            if kept.isEmpty && outcome.errors.isEmpty { errors.append(FieldError("evidence", "Upload evidence of what happened")) }
            let failed = { (errors: [FieldError]) in
                try form.render(request, visit, FormState(values: values, errors: errors), status: .unprocessableContent)
            }
            guard errors.isEmpty, let reason, let eventAt else { return try failed(errors) }
            let exceptionRequest = ExceptionRequest(window: target.window, recordType: target.recordType, recordID: target.recordID, reasonKind: reason,
                                                    eventAt: eventAt, whatHappened: whatHappened, evidence: kept)
            return try DomainRefusal.attempt {
                let lodged = try accounts.records.requestException(cycleID: target.cycleID, organisationID: target.organisationID,
                                                                   exceptionRequest, by: actor, at: accounts.now)
                return SignInRedirect.redirect(to: "/organisation/exceptions/\(lodged.reference)?requested=1")
            } refused: { try failed($0) }
        }
    }

    func registerOutcome(on routes: inout GuardedRoutes) {
        routes.page("/organisation/exceptions/:reference", .read, .organisationRecord(nil)) { request, visit in
            let exception = try own.exception(request, visit)
            let target = try ExceptionTarget.of(exception, in: accounts.records)
            let now = accounts.now
            var context: [String: Any] = [
                "reference": exception.reference.description, "state": StateTag(exception.state.rawValue).context,
                "reason": exception.reasonKind.title.prefix(1).uppercased() + exception.reasonKind.title.dropFirst(),
                "eventAt": UKTimeText.describe(exception.eventAt), "whatHappened": exception.whatHappened,
                "requestedAt": UKTimeText.describe(exception.requestedAt), "documents": exception.evidence.map { DocumentRow.context($0, href: OrganisationDocumentRoutes.exceptionHref(exception.reference, $0)) },
                "documentsCaption": "Evidence", "waiting": exception.state == .requested,
            ]
            if let target { context["record"] = ["reference": target.reference.description, "title": target.title, "href": target.path,
                                                 "canSubmit": exception.state == .granted && target.isDraft && (exception.newDeadline.map { now < $0 } ?? false),
                                                 "checkHref": target.submitPath, "noun": target.noun, "nextStep": target.nextStep] }
            if let deadline = exception.newDeadline {
                context["newDeadline"] = UKTimeText.describe(deadline)
                context["countdown"] = DeadlineCountdown.remaining(from: now, to: deadline).map { "That is in \($0)." } ?? "That deadline has passed."
            }
            if let reason = exception.decisionReason { context["decisionReason"] = reason }
            if let decided = exception.decidedAt { context["decidedAt"] = UKTimeText.describe(decided) }
            if try request.queryParameters()["requested"] != nil {
                context["notice"] = "Your request \(exception.reference) has been sent. An administrator will decide; the outcome will appear here."
            }
            return try page.render("organisation-exception", visit, context)
        }
    }
}

/// The exception form, carrying the evidence already received as hidden fields when it comes back
/// with a problem, and listing those files so the person knows they need not choose them again.
struct ExceptionFormPage: FormPage {
    let accounts: Accounts
    let page: AccountPage
    let evidence: EvidenceUpload
    let target: @Sendable (HTTPRequest, Visit) throws -> ExceptionTarget

    func render(_ request: HTTPRequest, _ visit: Visit, _ state: FormState, status: HTTPStatus) throws -> HTTPResponse {
        let target = try self.target(request, visit)
        let actor = try visit.signedInActor()
        let kept = try evidence.kept(TextLines.split(state.values["kept_evidence"]), kind: .other, by: actor.id)
        let (cycle, earlier) = try accounts.records.read {
            (try $0.cycle(target.cycleID), try $0.exceptions(recordType: target.recordType, recordID: target.recordID))
        }
        var intro = ["Use this form only if a technical failure or exceptional circumstances (for example bereavement or a natural disaster) stopped you sending \(target.title) before the \(target.window.title) closed."]
        // Said before anything is typed, in the domain's words, when a request could not be lodged now.
        let refusal = ExceptionLodging.refusal(for: target.subject, cycle: cycle, earlier: earlier, at: accounts.now)
        if let window = cycle.window(target.window), window.hasClosed(at: accounts.now) {
            intro.append("The \(target.window.title) closed at \(UKTimeText.describe(window.closes)). Requests must be made at the time of the event, by \(UKTimeText.describe(ExceptionLodging.lodgingEnds(of: window))).")
        }
        if !kept.isEmpty {
            intro.append("Evidence already received (you need not choose it again): " + kept.map { "\($0.originalName) (\(ByteCountText.describe($0.byteCount)), SHA-256 \($0.sha256))" }.joined(separator: "; ") + ".")
        }
        let content = QuestionPageContent(
            heading: "Ask for a late-submission exception", caption: "\(target.reference)", intro: intro, inset: refusal?.message,
            action: target.path + "/exception", button: "Send request", backHref: target.path,
            questions: [
                Question(id: "reason_kind", label: "Why could you not send it in time?", kind: .radios(ExceptionRoutes.reasonChoices)),
                Question(id: "event_at", label: "When did it happen?", hint: "UK time, for example 21 3 2025 at 16 20", kind: .dateTime),
                Question(id: "what_happened", label: "What happened?", kind: .textarea(rows: 6)),
                Question(id: "evidence", label: kept.isEmpty ? "Evidence" : "More evidence (optional)", hint: evidence.hint + " You can choose several files.", kind: .files),
            ],
            multipart: true, hidden: kept.map { ("kept_evidence", $0.sha256) })
        return try page.render("organisation-question", visit, content.context(state), form: state, status: status)
    }
}
