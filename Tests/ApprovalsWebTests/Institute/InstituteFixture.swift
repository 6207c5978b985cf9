import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// The demo data's people and records the Institute tests act on, found by what they are rather than
/// by position, over a running `AccountsService`.
struct InstituteFixture {
    static let admin = "admin@institute.example"
    static let reviewer = "reviewer@institute.example"
    /// Declared a conflict of interest with Crescent in the demo data.
    static let conflictedReviewer = "second.reviewer@institute.example"
    static let approver = "approver@institute.example"
    static let aoEditor = "editor@northbridge.example"
    static let aoAdmin = "admin@northbridge.example"

    let service: AccountsService
    var records: RecordStore { service.accounts.records }

    func organisation(_ name: String) throws -> OrganisationID {
        try #require(try records.page(Organisation.self, limit: 100).records.first { $0.name == name }).id
    }

    var northbridge: OrganisationID { get throws { try organisation("Northbridge Awards") } }
    var crescent: OrganisationID { get throws { try organisation("Crescent Qualifications") } }

    func submissions(_ where: (Submission) -> Bool) throws -> [Submission] {
        try records.page(Submission.self, limit: 500).records.filter(`where`)
    }

    func submission(_ state: Submission.State, of organisation: OrganisationID) throws -> Submission {
        try #require(try submissions { $0.state == state && $0.organisationID == organisation }.first)
    }

    func proposal(_ state: Proposal.State, of organisation: OrganisationID) throws -> Proposal {
        try #require(try records.page(Proposal.self, limit: 500).records.first { $0.state == state && $0.organisationID == organisation })
    }

    func userID(_ email: String) throws -> UserID {
        try #require(try service.accounts.store.holder(email: email)).user.id
    }

    /// A client signed in as `email`, holding a CSRF token from a page it may see.
    func client(_ email: String) throws -> WebClient {
        let client = try service.signedIn(email)
        try client.get("/account")
        return client
    }

    /// The number of audit events so far.
    var auditCount: Int { get throws { try service.auditActions.count } }
}

extension WebClient.Response {
    /// The body with HTML's escapes for quotes undone, to look for text the page shows.
    var text: String { body.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"") }
}
