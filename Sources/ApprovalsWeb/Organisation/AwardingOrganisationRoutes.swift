import HTTPServer

/// Every page and form an awarding organisation uses, under `/organisation`: its home, registrations
/// of intent, proposals, submissions with their evidence, late-submission exceptions and answers to
/// clarification requests. Registered in one call from `WebApplication`.
public struct AwardingOrganisationRoutes: Sendable {
    let accounts: Accounts
    let page: AccountPage
    let evidence: EvidenceUpload

    /// `evidenceFileLimit`: the largest evidence file accepted, in bytes (the `upload-limit-mb` setting).
    public init(accounts: Accounts, pages: PageRenderer, evidenceFileLimit: Int) {
        self.accounts = accounts
        self.page = AccountPage(pages: pages)
        self.evidence = EvidenceUpload(records: accounts.records, fileLimit: evidenceFileLimit)
    }

    public func register(on routes: inout GuardedRoutes) {
        let own = OwnRecords(records: accounts.records)
        OrganisationHomeRoutes(accounts: accounts, page: page, own: own).register(on: &routes)
        RegistrationRoutes(accounts: accounts, page: page, own: own).register(on: &routes)
        ProposalRoutes(accounts: accounts, page: page, own: own).register(on: &routes)
        ProposalFeedbackRoutes(accounts: accounts, page: page, own: own).register(on: &routes)
        SubmissionRoutes(accounts: accounts, page: page, own: own).register(on: &routes)
        SubmissionSectionRoutes(accounts: accounts, page: page, own: own).register(on: &routes)
        SubmissionDocumentRoutes(accounts: accounts, page: page, own: own, evidence: evidence).register(on: &routes)
        OrganisationDocumentRoutes(records: accounts.records, own: own).register(on: &routes)
        SubmissionSubmitRoutes(accounts: accounts, page: page, own: own).register(on: &routes)
        ExceptionRoutes(accounts: accounts, page: page, own: own, evidence: evidence).register(on: &routes)
        ClarificationRoutes(accounts: accounts, page: page, own: own, evidence: evidence).register(on: &routes)
    }
}
