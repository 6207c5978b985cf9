import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Registration of intent: start one in a cycle, add and remove the intended qualifications, change
/// the contact, register it, and withdraw it. Registering and amending are the domain's, so they
/// happen only while the cycle's registration window is open.
struct RegistrationRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage
    let own: OwnRecords

    func register(on routes: inout GuardedRoutes) {
        let newForm = QuestionFormPage(page: page) { _, _ in try newContent() }
        routes.page("/organisation/registrations/new", .edit, .organisationRecord(nil)) { request, visit in
            _ = try own.organisationID(visit)
            return try newForm.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/organisation/registrations/new", .edit, .organisationRecord(nil), page: newForm) { request, visit, fields in
            let organisationID = try own.organisationID(visit)
            var errors = contactErrors(fields)
            let cycle = try CurrentCycles(records: accounts.records).all().first { $0.id.rawValue == fields["cycle"] }
            if cycle == nil { errors.insert(FieldError("cycle", "Select the cycle you intend to submit in"), at: 0) }
            guard errors.isEmpty, let cycle else {
                return try newForm.render(request, visit, OrganisationFormState.from(fields, errors: errors), status: .unprocessableContent)
            }
            return try DomainRefusal.attempt {
                let created = try accounts.records.createRegistration(
                    cycleID: cycle.id, organisationID: organisationID,
                    details: RegistrationDetails(contact: contact(fields), qualifications: []), by: visit.signedInActor(), at: accounts.now)
                return SignInRedirect.redirect(to: "/organisation/registrations/\(created.reference)/qualifications/new")
            } refused: { errors in
                try newForm.render(request, visit, OrganisationFormState.from(fields, errors: errors), status: .unprocessableContent)
            }
        }

        let overview = RegistrationOverviewPage(accounts: accounts, page: page, own: own)
        routes.page("/organisation/registrations/:reference", .read, .organisationRecord(nil)) { request, visit in
            try overview.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/organisation/registrations/:reference/register", .edit, .organisationRecord(nil), page: overview) { request, visit, fields in
            let record = try own.registration(request, visit, .edit)
            return try DomainRefusal.attempt(fallbackField: "qualifications") {
                try accounts.records.applyRegistration(.register, to: record.id, expectedVersion: DomainRefusal.version(fields, current: record.version),
                                                       by: visit.signedInActor(), at: accounts.now)
                return SignInRedirect.redirect(to: "/organisation/registrations/\(record.reference)?registered=1")
            } refused: { errors in
                try overview.render(request, visit, FormState(errors: errors), status: .unprocessableContent)
            }
        }

        let qualificationForm = QuestionFormPage(page: page) { request, visit in
            try qualificationContent(try own.registration(request, visit, .edit))
        }
        routes.page("/organisation/registrations/:reference/qualifications/new", .edit, .organisationRecord(nil)) { request, visit in
            try qualificationForm.render(request, visit, FormState(values: ["proposal_first": "no"]), status: .ok)
        }
        routes.form("/organisation/registrations/:reference/qualifications/new", .edit, .organisationRecord(nil), page: qualificationForm) { request, visit, fields in
            let record = try own.registration(request, visit, .edit)
            let failed = { (errors: [FieldError]) in
                try qualificationForm.render(request, visit, OrganisationFormState.from(fields, errors: errors), status: .unprocessableContent)
            }
            let title = (fields["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            var errors: [FieldError] = []
            if title.isEmpty { errors.append(FieldError("title", "Enter the intended title of the qualification")) }
            let category = QualificationCategory(rawValue: fields["category"] ?? "")
            if category == nil { errors.append(FieldError("category", "Select the qualification's category")) }
            let standards = TextLines.standards(fields["standards"])
            if let bad = standards.first(where: { !OccupationalStandard.isValidReference($0) }) {
                errors.append(FieldError("standards", "\(bad) is not a standard reference. Enter references like ST0973, separated by commas"))
            }
            guard ["yes", "no"].contains(fields["proposal_first"] ?? "") else {
                return try failed(errors + [FieldError("proposal_first", "Select yes if you will send a proposal first")])
            }
            guard errors.isEmpty, let category else { return try failed(errors) }
            var details = record.details
            details.qualifications.append(IntendedQualification(title: title, category: category, standardReferences: standards,
                                                                proposalFirst: fields["proposal_first"] == "yes"))
            return try change(record, details, fields, visit, notice: "added", refused: failed)
        }
        routes.form("/organisation/registrations/:reference/qualifications/:index/remove", .edit, .organisationRecord(nil), page: overview) { request, visit, fields in
            let record = try own.registration(request, visit, .edit)
            guard let index = Int(request.parameters["index"] ?? ""), record.details.qualifications.indices.contains(index) else {
                throw RoutingError.notFound
            }
            var details = record.details
            details.qualifications.remove(at: index)
            return try change(record, details, fields, visit, notice: "removed") { errors in
                try overview.render(request, visit, FormState(errors: errors), status: .unprocessableContent)
            }
        }

        let contactForm = QuestionFormPage(page: page) { request, visit in
            let record = try own.registration(request, visit, .edit)
            return QuestionPageContent(heading: "Who should the Institute contact?", caption: "Registration of intent \(record.reference)",
                                       action: "/organisation/registrations/\(record.reference)/contact",
                                       backHref: "/organisation/registrations/\(record.reference)", questions: Self.contactQuestions,
                                       hidden: [("version", String(record.version))])
        }
        routes.page("/organisation/registrations/:reference/contact", .edit, .organisationRecord(nil)) { request, visit in
            let record = try own.registration(request, visit, .edit)
            let contact = record.details.contact
            return try contactForm.render(request, visit, FormState(values: ["contact_name": contact.name, "contact_email": contact.email,
                                                                             "contact_telephone": contact.telephone ?? ""]), status: .ok)
        }
        routes.form("/organisation/registrations/:reference/contact", .edit, .organisationRecord(nil), page: contactForm) { request, visit, fields in
            let record = try own.registration(request, visit, .edit)
            let failed = { (errors: [FieldError]) in
                try contactForm.render(request, visit, OrganisationFormState.from(fields, errors: errors), status: .unprocessableContent)
            }
            let errors = contactErrors(fields)
            guard errors.isEmpty else { return try failed(errors) }
            var details = record.details
            details.contact = contact(fields)
            return try change(record, details, fields, visit, notice: "contact", refused: failed)
        }

        let withdrawForm = QuestionFormPage(page: page) { request, visit in
            let record = try own.registration(request, visit, .edit)
            return QuestionPageContent(heading: "Withdraw registration of intent \(record.reference)", caption: nil,
                                       intro: ["The Institute will see that you no longer intend to submit these qualifications in this cycle. This cannot be undone."],
                                       action: "/organisation/registrations/\(record.reference)/withdraw", button: "Withdraw registration",
                                       backHref: "/organisation/registrations/\(record.reference)",
                                       questions: [Question(id: "reason", label: "Why are you withdrawing it?", kind: .textarea(rows: 4))],
                                       hidden: [("version", String(record.version))])
        }
        routes.page("/organisation/registrations/:reference/withdraw", .edit, .organisationRecord(nil)) { request, visit in
            try withdrawForm.render(request, visit, FormState(), status: .ok)
        }
        routes.form("/organisation/registrations/:reference/withdraw", .edit, .organisationRecord(nil), page: withdrawForm) { request, visit, fields in
            let record = try own.registration(request, visit, .edit)
            let reason = (fields["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let failed = { (errors: [FieldError]) in
                try withdrawForm.render(request, visit, OrganisationFormState.from(fields, errors: errors), status: .unprocessableContent)
            }
            guard !reason.isEmpty else { return try failed([FieldError("reason", "Enter why you are withdrawing the registration")]) }
            return try DomainRefusal.attempt(fallbackField: "reason") {
                try accounts.records.applyRegistration(.withdraw(reason: reason), to: record.id,
                                                       expectedVersion: DomainRefusal.version(fields, current: record.version),
                                                       by: visit.signedInActor(), at: accounts.now)
                return SignInRedirect.redirect(to: "/organisation/registrations/\(record.reference)?withdrawn=1")
            } refused: { try failed($0) }
        }
    }

    /// A draft is edited freely; a registered one is amended, which the domain allows only while
    /// the registration window is open.
    func change(_ record: RegistrationOfIntent, _ details: RegistrationDetails, _ fields: FormFields, _ visit: Visit, notice: String,
                refused: ([FieldError]) throws -> HTTPResponse) throws -> HTTPResponse {
        let event: RegistrationEvent = record.state == .draft ? .editDraft(details) : .amend(details)
        return try DomainRefusal.attempt(fallbackField: "qualifications") {
            try accounts.records.applyRegistration(event, to: record.id, expectedVersion: DomainRefusal.version(fields, current: record.version),
                                                   by: visit.signedInActor(), at: accounts.now)
            return SignInRedirect.redirect(to: "/organisation/registrations/\(record.reference)?changed=\(notice)")
        } refused: { try refused($0) }
    }

    static let contactQuestions = [
        Question(id: "contact_name", label: "Contact's full name", kind: .text),
        Question(id: "contact_email", label: "Contact's email address", hint: "For example, name@example.org", kind: .text),
        Question(id: "contact_telephone", label: "Contact's telephone number (optional)", kind: .text),
    ]

    func contactErrors(_ fields: FormFields) -> [FieldError] {
        var errors: [FieldError] = []
        if (fields["contact_name"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError("contact_name", "Enter the contact's full name"))
        }
        if !UserRoutes.isEmail((fields["contact_email"] ?? "").trimmingCharacters(in: .whitespaces)) {
            errors.append(FieldError("contact_email", "Enter an email address in the correct format, like name@example.org"))
        }
        return errors
    }

    func contact(_ fields: FormFields) -> Contact {
        let telephone = (fields["contact_telephone"] ?? "").trimmingCharacters(in: .whitespaces)
        return Contact(name: (fields["contact_name"] ?? "").trimmingCharacters(in: .whitespaces),
                       email: (fields["contact_email"] ?? "").trimmingCharacters(in: .whitespaces), telephone: telephone.isEmpty ? nil : telephone)
    }

    func newContent() throws -> QuestionPageContent {
        let now = accounts.now
        let cycles = try CurrentCycles(records: accounts.records).all().filter { $0.window(.registrationOfIntent).map { !$0.hasClosed(at: now) } ?? false }
        let choices = cycles.map { cycle in
            Question.Choice(value: cycle.id.rawValue, label: cycle.name,
                            hint: cycle.window(.registrationOfIntent).map { "Registration \(DeadlineCountdown.phrase($0, now: now)), at \(UKTimeText.describe($0.closes))" })
        }
        return QuestionPageContent(heading: "Register your intent to submit", caption: "Registration of intent",
                                   intro: ["Tell the Institute which qualifications you intend to submit in a cycle, so that it can plan its support. You can add the qualifications next."],
                                   action: "/organisation/registrations/new", backHref: "/organisation",
                                   questions: [Question(id: "cycle", label: "Which cycle?", kind: .radios(choices))] + Self.contactQuestions)
    }

    func qualificationContent(_ record: RegistrationOfIntent) throws -> QuestionPageContent {
        let cycle = try accounts.records.read { try $0.cycle(record.cycleID) }
        let categories = QualificationCategory.allCases.filter(cycle.categories.contains).map {
            Question.Choice(value: $0.rawValue, label: $0.title, hint: "Title wording: \($0.titleWording)")
        }
        return QuestionPageContent(
            heading: "Add a qualification you intend to submit", caption: "Registration of intent \(record.reference) – \(cycle.name)",
            inset: record.state == .registered ? "This registration is registered: adding a qualification amends it, which is possible only while the registration window is open." : nil,
            action: "/organisation/registrations/\(record.reference)/qualifications/new", button: "Add qualification",
            backHref: "/organisation/registrations/\(record.reference)",
            questions: [
                Question(id: "title", label: "Intended title", hint: "For example, Level 3 Technical Occupational Entry in Digital Support (Certificate)", kind: .text),
                Question(id: "category", label: "Category", kind: .radios(categories)),
                Question(id: "standards", label: "Occupational standards it relates to (optional for employer-proposed)",
                         hint: "References separated by commas, for example ST0973", kind: .text),
                Question(id: "proposal_first", label: "Will you send a proposal first?",
                         kind: .radios([.init(value: "yes", label: "Yes"), .init(value: "no", label: "No")])),
            ],
            hidden: [("version", String(record.version))])
    }
}
