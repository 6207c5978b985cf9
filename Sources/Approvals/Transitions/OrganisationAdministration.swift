public import Foundation

/// What an administrator changes about an awarding organisation.
public enum OrganisationEvent: Sendable, Hashable {
    case rename(String)
    /// Record Ofqual's current scope of recognition (replaces the previous scope).
    case setRecognition(number: String, scope: Set<SectorSubjectArea>)

    /// The event's stable name: the transition table's key and the audit event's action.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case create, rename
        case setRecognition = "set_recognition"
    }

    public var kind: Kind {
        switch self {
        case .rename: .rename
        case .setRecognition: .setRecognition
        }
    }
}

/// Organisations are administered by the Institute's admins, with the Ofqual recognition that
/// decides what each may submit. Like cycles they have no states; every change is audited.
public enum OrganisationAdministration {
    public static func create(_ organisation: Organisation, by actor: Actor, at instant: Date)
        throws(RuleViolation) -> Transition<Organisation> {
        try Permission.requireRole(.admin, actor, doing: "add awarding organisations")
        try requireText(organisation.name, field: "name", "Enter the awarding organisation's name.")
        try checkRecognition(organisation.ofqualRecognitionNumber)
        var created = organisation
        created.version = 1
        return Transition(record: created, audit: audit(created, .create, actor, instant,
                                                        details: details(of: created)))
    }

    public static func apply(_ event: OrganisationEvent, to organisation: Organisation, by actor: Actor,
                              at instant: Date) throws(RuleViolation) -> Transition<Organisation> {
        try Permission.requireRole(.admin, actor, doing: "change awarding organisations")
        var next = organisation
        switch event {
        case .rename(let name):
            try requireText(name, field: "name", "Enter the awarding organisation's name.")
            next.name = name
        case .setRecognition(let number, let scope):
            try checkRecognition(number)
            next.ofqualRecognitionNumber = number
            next.ssaScope = scope
        }
        next.version = organisation.version + 1
        return Transition(record: next, audit: audit(next, event.kind, actor, instant, details: details(of: next)))
    }

    static func checkRecognition(_ number: String) throws(RuleViolation) {
        guard Organisation.isValidRecognitionNumber(number) else {
            throw RuleViolation(.requiredField,
                "Enter the Ofqual recognition number as RN followed by digits, like RN5127.",
                field: "ofqual_recognition_number")
        }
    }

    static func details(of organisation: Organisation) -> [String: String] {
        ["name": organisation.name, "ofqual_recognition_number": organisation.ofqualRecognitionNumber,
         "ssa_scope": organisation.ssaScope.sorted().map(\.code).joined(separator: ","),
         "record_version": String(organisation.version)]
    }

    static func audit(_ organisation: Organisation, _ kind: OrganisationEvent.Kind, _ actor: Actor, _ instant: Date,
                      details: [String: String]) -> AuditEvent {
        AuditEvent(actor: actor, at: instant, recordType: .organisation, recordID: organisation.id.rawValue,
                   recordReference: nil, action: kind.rawValue, stateBefore: nil, stateAfter: nil, details: details)
    }
}
