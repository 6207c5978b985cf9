/// Why a transition or check was refused: the rule broken (with a stable code for the API and
/// tests), a message for a person that names the rule and the way forward, and the form field it
/// concerns, if any, so that the web layer can link its error summary to it.
public struct RuleViolation: Error, Hashable, Sendable, Codable {
    public let rule: Rule
    public let message: String
    /// The form field the failure is about (e.g. `title`, `documents`), for error summaries.
    public let field: String?
    /// Further failures found by the same check (a submit reports every failure at once).
    public let related: [RuleViolation]

    public init(_ rule: Rule, _ message: String, field: String? = nil, related: [RuleViolation] = []) {
        self.rule = rule
        self.message = message
        self.field = field
        self.related = related
    }

    /// The stable code, e.g. `window_closed`.
    public var code: String { rule.rawValue }

    /// This failure and every related one, in order.
    public var all: [RuleViolation] {
        [RuleViolation(rule, message, field: field)] + related
    }

    /// The rules of DOMAIN.md. Raw values are stable codes: the API and the tests rely on them.
    public enum Rule: String, Sendable, Codable, CaseIterable {
        // Who may act.
        case notPermitted = "not_permitted"
        case notOwnOrganisation = "not_own_organisation"
        case notAssignedReviewer = "not_assigned_reviewer"
        case conflictOfInterest = "conflict_of_interest"
        // Where a record is in its life.
        case invalidState = "invalid_state"
        case wrongRecord = "wrong_record"
        // Windows and exceptions.
        case noWindow = "no_window"
        case windowNotOpen = "window_not_open"
        case windowClosed = "window_closed"
        case exceptionTooLate = "exception_too_late"
        case exceptionEventInFuture = "exception_event_in_future"
        case exceptionNotNeeded = "exception_not_needed"
        case exceptionAlreadyAsked = "exception_already_asked"
        case exceptionDeadlineInvalid = "exception_deadline_invalid"
        // What the cycle accepts.
        case cycleMismatch = "cycle_mismatch"
        case categoryNotInCycle = "category_not_in_cycle"
        case levelNotInCategory = "level_not_in_category"
        case levelNotInCycle = "level_not_in_cycle"
        case ageGroupNotInCategory = "age_group_not_in_category"
        case routeNotInCycle = "route_not_in_cycle"
        case standardRequired = "standard_required"
        case standardNotInScope = "standard_not_in_scope"
        case outsideOfqualScope = "outside_ofqual_scope"
        case proposalRequired = "proposal_required"
        // The content.
        case requiredField = "required_field"
        case sizeInvalid = "size_invalid"
        case ksbMappingMissing = "ksb_mapping_missing"
        case ksbUnknown = "ksb_unknown"
        case documentsMissing = "documents_missing"
        case titleMissingLevel = "title_missing_level"
        case titleWrongLevel = "title_wrong_level"
        case titleMissingCategoryWording = "title_missing_category_wording"
        case titleMissingSubject = "title_missing_subject"
        case titleMissingSize = "title_missing_size"
        case titleLegacyTerm = "title_legacy_term"
        // Review and decision.
        case criteriaIncomplete = "criteria_incomplete"
        case clarificationOutstanding = "clarification_outstanding"
        case reviewNotComplete = "review_not_complete"
        case recommendationInconsistent = "recommendation_inconsistent"
        case regulatoryNoteOpen = "regulatory_note_open"
        // After approval and cycle administration.
        case changeNeedsSubmission = "change_needs_submission"
        case invalidWindow = "invalid_window"
        case standardAlreadyInScope = "standard_already_in_scope"
    }
}
