public import Foundation

/// What can happen to a registration of intent.
public enum RegistrationEvent: Sendable, Hashable {
    case editDraft(RegistrationDetails)
    case register
    case amend(RegistrationDetails)
    case withdraw(reason: String)

    /// The event's stable name: the transition table's key and the audit event's action.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case create
        case editDraft = "edit_draft"
        case register, amend, withdraw
    }

    public var kind: Kind {
        switch self {
        case .editDraft: .editDraft
        case .register: .register
        case .amend: .amend
        case .withdraw: .withdraw
        }
    }
}

/// Facts a registration's transitions need.
public struct RegistrationContext: Sendable, Hashable {
    public var cycle: Cycle
    /// Exceptions lodged for this record.
    public var exceptions: [LateSubmissionException]
    public var policy: ApprovalPolicy

    public init(cycle: Cycle, exceptions: [LateSubmissionException] = [], policy: ApprovalPolicy = .standard) {
        self.cycle = cycle
        self.exceptions = exceptions
        self.policy = policy
    }
}

/// The life of a registration of intent: `draft -> registered -> withdrawn`; registered and amended
/// only while the registration of intent window is open.
public enum RegistrationLifecycle {
    public typealias State = RegistrationOfIntent.State
    public typealias Kind = RegistrationEvent.Kind

    public static let table = TransitionTable<State, Kind>([
        .init(nil, .create, .draft),
        .init(.draft, .editDraft, .draft),
        .init(.draft, .register, .registered),
        .init(.draft, .withdraw, .withdrawn),
        .init(.registered, .amend, .registered),
        .init(.registered, .withdraw, .withdrawn),
    ])

    public static func create(
        id: RegistrationID, reference: RecordReference, cycle: Cycle, organisationID: OrganisationID,
        details: RegistrationDetails, by actor: Actor, at instant: Date
    ) throws(RuleViolation) -> Transition<RegistrationOfIntent> {
        try Permission.requireAwardingOrganisation(actor, owning: organisationID, record: "a registration of intent",
                                                   doing: "start")
        let record = RegistrationOfIntent(id: id, reference: reference, organisationID: organisationID,
                                          cycleID: cycle.id, state: .draft, details: details, registeredAt: nil,
                                          version: 1, createdAt: instant, updatedAt: instant)
        return Transition(record: record, audit: audit(record, .create, nil, actor, instant))
    }

    public static func apply(
        _ event: RegistrationEvent, to record: RegistrationOfIntent, by actor: Actor, at instant: Date,
        context: RegistrationContext
    ) throws(RuleViolation) -> Transition<RegistrationOfIntent> {
        let kind = event.kind
        guard let target = table.target(from: record.state, on: kind) else {
            throw InvalidState.violation(record: record.reference, recordName: "registration of intent",
                state: record.state.rawValue, action: kind.rawValue,
                allowed: table.events(from: record.state).map(\.rawValue))
        }
        let ref = record.reference.description
        try Permission.requireAwardingOrganisation(actor, owning: record.organisationID, record: ref,
                                                   doing: kind.rawValue.replacingOccurrences(of: "_", with: " "))
        var next = record
        var reason: String?
        switch event {
        case .editDraft(let details):
            next.details = details
        case .register:
            try checkRegistrable(record.details, record, context, instant)
            next.registeredAt = instant
        case .amend(let details):
            try checkRegistrable(details, record, context, instant)
            next.details = details
        case .withdraw(let why):
            reason = why
        }
        next.state = target
        next.version = record.version + 1
        next.updatedAt = instant
        return Transition(record: next, audit: audit(next, kind, record.state, actor, instant, reason: reason))
    }

    /// Every failure of a registration's content and window, at once.
    public static func checkBeforeRegister(_ details: RegistrationDetails, of record: RegistrationOfIntent,
                                           context: RegistrationContext, at instant: Date) -> [RuleViolation] {
        var failures: [RuleViolation] = []
        if record.cycleID != context.cycle.id {
            failures.append(RuleViolation(.wrongRecord, "\(record.reference) does not belong to \(context.cycle.name)."))
        }
        if case .failure(let closed) = WindowCheck.check(.registrationOfIntent, cycle: context.cycle,
            organisation: record.organisationID, recordType: .registrationOfIntent, recordID: record.id.rawValue,
            exceptions: context.exceptions, at: instant, policy: context.policy) {
            failures.append(closed)
        }
        if details.contact.name.isBlank {
            failures.append(RuleViolation(.requiredField, "Enter the name of a contact.", field: "contact_name"))
        }
        if !details.contact.email.contains("@") {
            failures.append(RuleViolation(.requiredField, "Enter the contact's email address, like name@example.org.",
                                          field: "contact_email"))
        }
        if details.qualifications.isEmpty {
            failures.append(RuleViolation(.requiredField, "Add at least one qualification you intend to submit.",
                                          field: "qualifications"))
        }
        for (index, qualification) in details.qualifications.enumerated() {
            let field = "qualifications[\(index)]"
            if qualification.title.isBlank {
                failures.append(RuleViolation(.requiredField,
                    "Enter the intended title of qualification \(index + 1).", field: field))
            }
            if !context.cycle.categories.contains(qualification.category) {
                failures.append(RuleViolation(.categoryNotInCycle,
                    "\(context.cycle.name) does not accept \(qualification.category.title.lowercased()) qualifications (qualification \(index + 1)).",
                    field: field))
            }
        }
        return failures
    }

    static func checkRegistrable(_ details: RegistrationDetails, _ record: RegistrationOfIntent,
                                 _ context: RegistrationContext, _ instant: Date) throws(RuleViolation) {
        let failures = checkBeforeRegister(details, of: record, context: context, at: instant)
        if let first = failures.first {
            throw RuleViolation(first.rule, first.message, field: first.field, related: Array(failures.dropFirst()))
        }
    }

    static func audit(_ record: RegistrationOfIntent, _ kind: Kind, _ before: State?, _ actor: Actor, _ instant: Date,
                      reason: String? = nil) -> AuditEvent {
        AuditEvent(actor: actor, at: instant, recordType: .registrationOfIntent, recordID: record.id.rawValue,
                   recordReference: record.reference, action: kind.rawValue, stateBefore: before?.rawValue,
                   stateAfter: record.state.rawValue, reason: reason,
                   details: ["record_version": String(record.version)])
    }
}
