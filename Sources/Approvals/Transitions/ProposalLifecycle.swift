public import Foundation

/// What can happen to a proposal.
public enum ProposalEvent: Sendable, Hashable {
    case editDraft(ProposalContent)
    case submit
    case withdraw(reason: String)
    case assignReviewer(UserID)
    case startReview
    /// The Institute's three-part, non-binding feedback.
    case issueFeedback(categoryFitAndNeed: String, dutiesQualityAndRelevance: String, employerDemandApproach: String)
    /// The AO's answer to the feedback, which closes the proposal.
    case respond(followUpRequested: Bool, willProceed: Bool)

    /// The event's stable name: the transition table's key and the audit event's action.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case create
        case editDraft = "edit_draft"
        case submit, withdraw
        case assignReviewer = "assign_reviewer"
        case startReview = "start_review"
        case issueFeedback = "issue_feedback"
        case respond
    }

    public var kind: Kind {
        switch self {
        case .editDraft: .editDraft
        case .submit: .submit
        case .withdraw: .withdraw
        case .assignReviewer: .assignReviewer
        case .startReview: .startReview
        case .issueFeedback: .issueFeedback
        case .respond: .respond
        }
    }
}

/// Facts a proposal's transitions need.
public struct ProposalContext: Sendable, Hashable {
    public var cycle: Cycle
    public var exceptions: [LateSubmissionException]
    public var conflicts: [ConflictOfInterest]
    public var policy: ApprovalPolicy

    public init(cycle: Cycle, exceptions: [LateSubmissionException] = [], conflicts: [ConflictOfInterest] = [],
                policy: ApprovalPolicy = .standard) {
        self.cycle = cycle
        self.exceptions = exceptions
        self.conflicts = conflicts
        self.policy = policy
    }
}

/// The life of a proposal: `draft -> submitted -> in_review -> feedback_issued -> closed`, or
/// `withdrawn` before feedback. Submitted only in the proposal window.
public enum ProposalLifecycle {
    public typealias State = Proposal.State
    public typealias Kind = ProposalEvent.Kind

    public static let table = TransitionTable<State, Kind>([
        .init(nil, .create, .draft),
        .init(.draft, .editDraft, .draft),
        .init(.draft, .submit, .submitted),
        .init(.draft, .withdraw, .withdrawn),
        .init(.submitted, .assignReviewer, .submitted),
        .init(.submitted, .startReview, .inReview),
        .init(.submitted, .withdraw, .withdrawn),
        .init(.inReview, .assignReviewer, .inReview),
        .init(.inReview, .issueFeedback, .feedbackIssued),
        .init(.inReview, .withdraw, .withdrawn),
        .init(.feedbackIssued, .respond, .closed),
    ])

    public static func create(
        id: ProposalID, reference: RecordReference, cycle: Cycle, organisationID: OrganisationID,
        content: ProposalContent, by actor: Actor, at instant: Date
    ) throws(RuleViolation) -> Transition<Proposal> {
        try Permission.requireAwardingOrganisation(actor, owning: organisationID, record: "a proposal", doing: "start")
        let record = Proposal(id: id, reference: reference, organisationID: organisationID, cycleID: cycle.id,
                              state: .draft, content: content, version: 1, createdAt: instant, updatedAt: instant)
        return Transition(record: record, audit: audit(record, .create, nil, actor, instant))
    }

    public static func apply(
        _ event: ProposalEvent, to record: Proposal, by actor: Actor, at instant: Date, context: ProposalContext
    ) throws(RuleViolation) -> Transition<Proposal> {
        let kind = event.kind
        guard let target = table.target(from: record.state, on: kind) else {
            throw InvalidState.violation(record: record.reference, recordName: "proposal",
                state: record.state.rawValue, action: kind.rawValue,
                allowed: table.events(from: record.state).map(\.rawValue))
        }
        let ref = record.reference.description
        var next = record
        var reason: String?
        var details: [String: String] = [:]
        switch event {
        case .editDraft(let content):
            try Permission.requireAwardingOrganisation(actor, owning: record.organisationID, record: ref, doing: "edit")
            next.content = content
        case .submit:
            try Permission.requireAwardingOrganisation(actor, owning: record.organisationID, record: ref, doing: "submit")
            let failures = checkBeforeSubmit(record.content, of: record, context: context, at: instant)
            if let first = failures.first {
                throw RuleViolation(first.rule, first.message, field: first.field, related: Array(failures.dropFirst()))
            }
            next.submittedAt = instant
        case .withdraw(let why):
            try Permission.requireAwardingOrganisation(actor, owning: record.organisationID, record: ref, doing: "withdraw")
            reason = why
        case .assignReviewer(let reviewer):
            try Permission.requireRole(.admin, actor, doing: "assign reviewers")
            try Permission.requireNoConflict(reviewer: reviewer, organisation: record.organisationID,
                                             conflicts: context.conflicts, record: ref)
            next.assignedReviewerID = reviewer
            details["reviewer_id"] = reviewer.rawValue
        case .startReview:
            try Permission.requireAssignedReviewer(actor, assigned: record.assignedReviewerID,
                organisation: record.organisationID, conflicts: context.conflicts, record: ref, doing: "review it")
        case .issueFeedback(let fit, let duties, let demand):
            try Permission.requireAssignedReviewer(actor, assigned: record.assignedReviewerID,
                organisation: record.organisationID, conflicts: context.conflicts, record: ref, doing: "give feedback")
            try requireText(fit, field: "category_fit_and_need",
                            "Give feedback on the proposal's fit for the category and the case for need.")
            try requireText(duties, field: "duties_quality_and_relevance",
                            "Give feedback on the quality and relevance of the proposed duties.")
            try requireText(demand, field: "employer_demand_approach",
                            "Give feedback on the planned approach to employer demand.")
            next.feedback = ProposalFeedback(categoryFitAndNeed: fit, dutiesQualityAndRelevance: duties,
                                             employerDemandApproach: demand, issuedBy: actor.id, issuedAt: instant)
        case .respond(let followUp, let proceed):
            try Permission.requireAwardingOrganisation(actor, owning: record.organisationID, record: ref,
                                                       doing: "respond to feedback on")
            next.feedback?.followUpRequested = followUp
            next.feedback?.willProceed = proceed
            next.feedback?.respondedAt = instant
            details["follow_up_requested"] = String(followUp)
            details["will_proceed"] = String(proceed)
        }
        next.state = target
        next.version = record.version + 1
        next.updatedAt = instant
        return Transition(record: next, audit: audit(next, kind, record.state, actor, instant,
                                                     reason: reason, details: details))
    }

    /// Every failure of a proposal's content and window, at once. Ofqual scope is not checked: no
    /// regulation or recognition requirement applies at the proposal stage.
    public static func checkBeforeSubmit(_ content: ProposalContent, of record: Proposal, context: ProposalContext,
                                         at instant: Date) -> [RuleViolation] {
        var failures: [RuleViolation] = []
        let cycle = context.cycle
        if record.cycleID != cycle.id {
            failures.append(RuleViolation(.wrongRecord, "\(record.reference) does not belong to \(cycle.name)."))
        }
        if case .failure(let closed) = WindowCheck.check(.proposal, cycle: cycle, organisation: record.organisationID,
            recordType: .proposal, recordID: record.id.rawValue, exceptions: context.exceptions, at: instant,
            policy: context.policy) {
            failures.append(closed)
        }
        let category = content.category
        if category.proposalRequirement(policy: context.policy) == .never {
            failures.append(RuleViolation(.invalidState,
                "\(category.title) qualifications do not need a proposal. Submit the qualification in the submission window instead.",
                field: "category"))
        }
        if !cycle.categories.contains(category) {
            failures.append(RuleViolation(.categoryNotInCycle,
                "\(cycle.name) does not accept \(category.title.lowercased()) qualifications.", field: "category"))
        }
        if content.level != cycle.level {
            failures.append(RuleViolation(.levelNotInCycle,
                "\(cycle.name) is for \(cycle.level.title) qualifications, but this proposal is \(content.level.title).",
                field: "level"))
        }
        if !category.levels.contains(content.level) {
            failures.append(RuleViolation(.levelNotInCategory,
                "\(category.title) qualifications are \(category.levels.sorted().map(\.title).joined(separator: " or ")) only.",
                field: "level"))
        }
        if !cycle.routes.contains(content.route) {
            failures.append(RuleViolation(.routeNotInCycle,
                "\(cycle.name) does not accept qualifications in the \(content.route.title) route.", field: "route"))
        }
        let required: [(String, String, String)] = [
            (content.proposedArea, "proposed_area", "Enter the proposed area."),
            (content.aimsAndPurpose, "aims_and_purpose", "Enter the qualification's aims and purpose."),
            (content.demandRationale.industryUnderstanding, "industry_understanding",
             "Describe your understanding of the industry area."),
            (content.demandRationale.approach, "approach",
             "Describe your approach and how your understanding of industry informed it."),
            (content.demandRationale.statutoryOrProfessionalRecognition, "statutory_or_professional_recognition",
             "Say whether statutory or professional body recognition needs the qualification."),
        ]
        for (text, field, message) in required where text.isBlank {
            failures.append(RuleViolation(.requiredField, message, field: field))
        }
        failures += TitleCheck.failures(title: content.intendedTitle, level: content.level, category: category,
                                        policy: context.policy).map {
            RuleViolation($0.rule, $0.message, field: "intended_title")
        }
        if content.guidedLearningHours <= 0 || content.totalQualificationTime < max(content.guidedLearningHours, 1) {
            failures.append(RuleViolation(.sizeInvalid,
                "Enter the intended size: guided learning hours greater than 0, and total qualification time at least as large.",
                field: "guided_learning_hours"))
        }
        if category == .employerProposed {
            let extra = content.employerProposed
            if extra?.occupation.isBlank ?? true {
                failures.append(RuleViolation(.requiredField,
                    "Enter the occupation the qualification would give competence in.", field: "occupation"))
            }
            if extra?.jobRoles.isEmpty ?? true {
                failures.append(RuleViolation(.requiredField,
                    "List the job roles a person could take on after the qualification.", field: "job_roles"))
            }
            if extra?.whyNoStandardServes.isBlank ?? true {
                failures.append(RuleViolation(.requiredField,
                    "Explain why no occupational standard serves this occupation.", field: "why_no_standard_serves"))
            }
        } else {
            if content.standardReferences.isEmpty {
                failures.append(RuleViolation(.standardRequired,
                    "Name the occupational standard(s) the qualification builds on.", field: "standards"))
            }
            if content.proposedDuties.isEmpty {
                failures.append(RuleViolation(.requiredField,
                    "List the duties the qualification will prepare a person to perform.", field: "proposed_duties"))
            }
            if category == .additionalSpecialist,
                content.demandRationale.howDutiesBuildOnStandard.isBlank {
                failures.append(RuleViolation(.requiredField,
                    "Explain how the proposed duties build on the standard's outcomes.",
                    field: "how_duties_build_on_standard"))
            }
        }
        for reused in content.reusedKSBs where reused.rationale.isBlank {
            failures.append(RuleViolation(.requiredField,
                "Give the rationale for reusing \(reused.ksbCode) of \(reused.standardReference).", field: "reused_ksbs"))
        }
        return failures
    }

    static func audit(_ record: Proposal, _ kind: Kind, _ before: State?, _ actor: Actor, _ instant: Date,
                      reason: String? = nil, details: [String: String] = [:]) -> AuditEvent {
        var details = details
        details["record_version"] = String(record.version)
        return AuditEvent(actor: actor, at: instant, recordType: .proposal, recordID: record.id.rawValue,
                          recordReference: record.reference, action: kind.rawValue, stateBefore: before?.rawValue,
                          stateAfter: record.state.rawValue, reason: reason, details: details)
    }
}
