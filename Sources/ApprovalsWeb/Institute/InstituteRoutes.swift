import ApprovalsStore
import Foundation
import HTTPServer

/// Every page of the Institute's staff (reviewers, approvers, administrators) under /institute,
/// registered in one call from `WebApplication`.
public struct InstituteRoutes: Sendable {
    let accounts: Accounts
    let page: InstitutePage

    public init(accounts: Accounts, pages: PageRenderer) {
        self.accounts = accounts
        self.page = InstitutePage(page: AccountPage(pages: pages))
    }

    public func register(on routes: inout GuardedRoutes) {
        let records = accounts.records
        let clock = accounts.clock
        InstituteHomeRoutes(records: records, page: page).register(on: &routes)
        QueueRoutes(records: records, page: page, clock: clock).register(on: &routes)
        ProposalReviewRoutes(records: records, page: page, clock: clock).register(on: &routes)
        SubmissionReviewRoutes(records: records, page: page, clock: clock).register(on: &routes)
        DecisionRoutes(records: records, page: page, clock: clock).register(on: &routes)
        DocumentRoutes(records: records).register(on: &routes)
        ExceptionDecisionRoutes(records: records, page: page, clock: clock).register(on: &routes)
        ConflictRoutes(records: records, page: page, clock: clock).register(on: &routes)
        AuditRoutes(records: records, page: page, chain: InstituteAuditChainWatch()).register(on: &routes)
        SpecialistAreaRoutes(records: records, page: page, clock: clock).register(on: &routes)
        SpecialistAreaEditRoutes(records: records, page: page, clock: clock).register(on: &routes)
        CycleAdministrationRoutes(records: records, page: page, clock: clock).register(on: &routes)
        CycleStandardsRoutes(records: records, page: page, clock: clock).register(on: &routes)
        StandardsImportRoutes(records: records, page: page, clock: clock).register(on: &routes)
        RegulatoryNoteRoutes(records: records, page: page, clock: clock).register(on: &routes)
    }
}
