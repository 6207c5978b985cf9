public import Foundation

/// The rules checked when a submission is submitted or amended, all at once, so that a form can
/// show every problem in one error summary. An empty result means the content may be submitted.
public enum SubmissionCheck {
    /// Every failure, window included, in the order a person would fix them.
    public static func checkBeforeSubmit(_ content: SubmissionContent, of submission: Submission,
                                         context: SubmissionContext, at instant: Date) -> [RuleViolation] {
        var failures: [RuleViolation] = []
        if submission.cycleID != context.cycle.id || submission.organisationID != context.organisation.id {
            failures.append(RuleViolation(.wrongRecord,
                "\(submission.reference) does not belong to \(context.cycle.name) and \(context.organisation.name)."))
        }
        if case .failure(let closed) = WindowCheck.check(.submission, cycle: context.cycle,
            organisation: submission.organisationID, recordType: .submission, recordID: submission.id.rawValue,
            exceptions: context.exceptions, at: instant, policy: context.policy) {
            failures.append(closed)
        }
        failures += contentFailures(content, context: context, at: instant)
        return failures
    }

    /// The rules about the content alone (no window): used for answers to clarification requests,
    /// which come after the window by design.
    public static func contentFailures(_ content: SubmissionContent, context: SubmissionContext,
                                       at instant: Date) -> [RuleViolation] {
        var failures: [RuleViolation] = []
        let cycle = context.cycle
        let category = content.category

        // What the cycle accepts.
        if !cycle.categories.contains(category) {
            let accepted = cycle.categories.map(\.title).sorted().joined(separator: ", ")
            failures.append(RuleViolation(.categoryNotInCycle,
                "\(cycle.name) does not accept \(category.title.lowercased()) qualifications. It accepts: \(accepted).",
                field: "category"))
        }
        if content.level != cycle.level {
            failures.append(RuleViolation(.levelNotInCycle,
                "\(cycle.name) is for \(cycle.level.title) qualifications, but this one is \(content.level.title). Submit it in a \(content.level.title) cycle.",
                field: "level"))
        }
        if !category.levels.contains(content.level) {
            let levels = category.levels.sorted().map(\.title).joined(separator: " or ")
            failures.append(RuleViolation(.levelNotInCategory,
                "\(category.title) qualifications are \(levels) only. Change the level or the category.", field: "level"))
        }
        let allowedAges = category.ageGroups(at: content.level)
        if content.ageGroups.isEmpty || !content.ageGroups.isSubset(of: allowedAges) {
            let ages = allowedAges.map(\.title).sorted().joined(separator: " and ")
            failures.append(RuleViolation(.ageGroupNotInCategory,
                "\(category.title) qualifications are for \(ages). Choose the age groups it is for from those.",
                field: "age_groups"))
        }
        if !cycle.routes.contains(content.route) {
            failures.append(RuleViolation(.routeNotInCycle,
                "\(cycle.name) does not accept qualifications in the \(content.route.title) route.", field: "route"))
        }

        // Ofqual scope.
        if let area = content.sectorSubjectArea {
            if !context.organisation.isRecognised(for: area) {
                failures.append(RuleViolation(.outsideOfqualScope,
                    "Sector subject area \(area) is outside \(context.organisation.name)'s Ofqual scope of recognition (\(context.organisation.ofqualRecognitionNumber)). Contact Ofqual to extend your scope before you submit.",
                    field: "sector_subject_area"))
            }
        } else {
            failures.append(RuleViolation(.requiredField,
                "Enter the qualification's sector subject area.", field: "sector_subject_area"))
        }

        // Standards in scope and the KSB mapping.
        if category.requiresStandard && content.standardReferences.isEmpty {
            failures.append(RuleViolation(.standardRequired,
                "A \(category.title.lowercased()) qualification must name the occupational standard it relates to.",
                field: "standards"))
        }
        for reference in content.standardReferences where !cycle.isInScope(standard: reference, at: instant) {
            failures.append(RuleViolation(.standardNotInScope,
                "Occupational standard \(reference) is not in scope for \(cycle.name). Choose a standard from the list in scope, or contact the Post-16 delivery team.",
                field: "standards"))
        }
        failures += mappingFailures(content, context: context)

        // Proposal first.
        if let failure = proposalFailure(content, context: context) { failures.append(failure) }

        // Title, size, evidence, documents.
        failures += TitleCheck.failures(title: content.title, level: content.level, category: category,
                                        policy: context.policy)
        if content.guidedLearningHours <= 0 {
            failures.append(RuleViolation(.sizeInvalid,
                "Enter the guided learning hours as a whole number greater than 0.", field: "guided_learning_hours"))
        }
        if content.totalQualificationTime < max(content.guidedLearningHours, 1) {
            failures.append(RuleViolation(.sizeInvalid,
                "Total qualification time must be at least the guided learning hours (\(content.guidedLearningHours)).",
                field: "total_qualification_time"))
        }
        if content.employerDemandEvidence.isBlank {
            failures.append(RuleViolation(.requiredField,
                "Describe the evidence of employer demand for the qualification.", field: "employer_demand_evidence"))
        }
        let present = Set(content.documents.map(\.kind))
        let missing = context.policy.requiredDocuments.filter { !present.contains($0) }
        if !missing.isEmpty {
            failures.append(RuleViolation(.documentsMissing,
                "The submission is missing: \(missing.map(\.title).joined(separator: ", ")). Upload every required document; a submission is not complete until they are all received.",
                field: "documents"))
        }
        return failures
    }

    static func mappingFailures(_ content: SubmissionContent, context: SubmissionContext) -> [RuleViolation] {
        var failures: [RuleViolation] = []
        let needsMapping = [.aligns, .selectivelyCovers].contains(content.category.relationToStandard)
        if needsMapping && content.ksbMapping.isEmpty && !content.standardReferences.isEmpty {
            failures.append(RuleViolation(.ksbMappingMissing,
                "Map the standard's knowledge, skills and behaviours to where the qualification and its assessment cover them.",
                field: "ksb_mapping"))
        }
        for entry in content.ksbMapping {
            guard content.standardReferences.contains(entry.standardReference) else {
                failures.append(RuleViolation(.ksbUnknown,
                    "The mapping names \(entry.ksbCode) of \(entry.standardReference), a standard the qualification does not name.",
                    field: "ksb_mapping"))
                continue
            }
            if let standard = context.standards.first(where: { $0.reference == entry.standardReference }),
                !standard.ksbs.contains(where: { $0.code == entry.ksbCode }) {
                failures.append(RuleViolation(.ksbUnknown,
                    "\(entry.standardReference) has no \(entry.ksbCode). Check the code against the standard's KSBs.",
                    field: "ksb_mapping"))
            }
        }
        return failures
    }

    static func proposalFailure(_ content: SubmissionContent, context: SubmissionContext) -> RuleViolation? {
        let category = content.category
        let needed: Bool
        switch category.proposalRequirement(policy: context.policy) {
        case .never: needed = false
        case .always: needed = true
        case .fromCycle(let first): needed = context.cycle.number >= first
        case .unlessPredefinedArea:
            let predefined = content.specialistAreaID != nil && context.specialistArea?.id == content.specialistAreaID
            needed = !predefined
        }
        guard needed else { return nil }
        let why = category == .additionalSpecialist
            ? "An additional specialist qualification that is not built on a predefined specialist area"
            : "A \(category.title.lowercased()) qualification in \(context.cycle.name)"
        guard let id = content.proposalID else {
            return RuleViolation(.proposalRequired,
                "\(why) needs a proposal first. Name the proposal it follows, or submit one in the proposal window.",
                field: "proposal")
        }
        guard let proposal = context.proposal, proposal.id == id,
            proposal.organisationID == context.organisation.id, proposal.hasBeenSubmitted
        else {
            return RuleViolation(.proposalRequired,
                "\(why) needs a proposal first, and the proposal named is not one your organisation has submitted. Name a submitted proposal of yours.",
                field: "proposal")
        }
        return nil
    }
}
