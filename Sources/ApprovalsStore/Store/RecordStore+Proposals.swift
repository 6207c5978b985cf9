public import Approvals
public import Foundation

extension RecordStore {
    /// Starts a draft proposal with the next `PRO-<cycle>-NNNN` reference.
    @discardableResult
    public func createProposal(cycleID: CycleID, organisationID: OrganisationID, content: ProposalContent,
                               by actor: Actor, at instant: Date) throws -> Proposal {
        let code = try read { try $0.cycle(cycleID).code }
        return try create(Proposal.self, referenceKind: .proposal, scope: code) { id, reference, facts in
            try ProposalLifecycle.create(id: ProposalID(id), reference: reference, cycle: try facts.cycle(cycleID),
                                         organisationID: organisationID, content: content, by: actor, at: instant)
        }
    }

    /// Applies a proposal event to the version the person had loaded.
    @discardableResult
    public func applyProposal(_ event: ProposalEvent, to id: ProposalID, expectedVersion: Int, by actor: Actor,
                              at instant: Date, policy: ApprovalPolicy = .standard) throws -> Proposal {
        try change(Proposal.self, id: id.rawValue, expectedVersion: expectedVersion) { proposal, facts in
            let context = ProposalContext(cycle: try facts.cycle(proposal.cycleID),
                                          exceptions: try facts.exceptions(recordType: .proposal, recordID: id.rawValue),
                                          conflicts: try facts.conflicts(organisation: proposal.organisationID), policy: policy)
            return try ProposalLifecycle.apply(event, to: proposal, by: actor, at: instant, context: context)
        }
    }
}
