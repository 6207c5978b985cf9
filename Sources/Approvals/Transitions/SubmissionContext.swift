/// Everything the domain cannot know about a submission and must be told: the store fetches these
/// facts, the domain decides. Passing facts about other organisations or records is harmless: every
/// rule filters them to this submission's AO and record.
public struct SubmissionContext: Sendable, Hashable {
    public var cycle: Cycle
    public var organisation: Organisation
    /// Late-submission exceptions lodged for this record (only a granted one for this AO and this
    /// record ever opens a closed window).
    public var exceptions: [LateSubmissionException]
    /// The proposal the content names, if it names one and it exists.
    public var proposal: Proposal?
    /// The standards the content names, with their KSBs, to check the mapping. Standards missing here
    /// are not checked for KSBs (the scope rule still applies).
    public var standards: [OccupationalStandard]
    /// The predefined specialist area the content names, if it exists.
    public var specialistArea: SpecialistArea?
    /// Ofqual regulatory notes on the AO (open ones block an approval).
    public var regulatoryNotes: [OfqualRegulatoryNote]
    /// Conflict of interest declarations involving the AO.
    public var conflicts: [ConflictOfInterest]
    public var policy: ApprovalPolicy

    public init(cycle: Cycle, organisation: Organisation, exceptions: [LateSubmissionException] = [],
                proposal: Proposal? = nil, standards: [OccupationalStandard] = [],
                specialistArea: SpecialistArea? = nil, regulatoryNotes: [OfqualRegulatoryNote] = [],
                conflicts: [ConflictOfInterest] = [], policy: ApprovalPolicy = .standard) {
        self.cycle = cycle
        self.organisation = organisation
        self.exceptions = exceptions
        self.proposal = proposal
        self.standards = standards
        self.specialistArea = specialistArea
        self.regulatoryNotes = regulatoryNotes
        self.conflicts = conflicts
        self.policy = policy
    }
}
