import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Every form of the awarding organisations' pages, posted by everyone who must not use it: staff are
/// refused (403), anyone not signed in is sent to sign in, and another AO is told the record does not
/// exist (404) — and none of it changes anything. (Their own users' answers are in Organisation/.)
@Suite(.serialized) struct OrganisationFormAccessTests {
    enum Poster: String, CaseIterable {
        case anonymous, apiToken = "api token", reviewer, approver, admin, otherOrganisation = "another AO's admin"
    }

    static let emails: [Poster: String] = [
        .reviewer: "reviewer@institute.example", .approver: "approver@institute.example", .admin: "admin@institute.example",
        .otherOrganisation: "admin@crescent.example",
    ]

    @Test func everyOrganisationFormRefusesEveryoneElse() throws {
        let service = try AccountsService()
        let records = service.accounts.records
        let northbridge = try #require(try records.page(Organisation.self, limit: 100).records.first { $0.name == "Northbridge Awards" }).id
        let submissions = try records.page(Submission.self, limit: 500).records.filter { $0.organisationID == northbridge }
        let draft = try #require(submissions.first { $0.state == .draft }).reference
        let submitted = try #require(submissions.first { !$0.versions.isEmpty }).reference
        let proposal = try #require(try records.page(Proposal.self, limit: 500).records.first { $0.organisationID == northbridge }).reference
        let registration = try #require(try records.page(RegistrationOfIntent.self, limit: 500).records.first { $0.organisationID == northbridge }).reference
        let (token, _) = try service.makeToken()

        // Forms on one of Northbridge's records: another AO must get 404, exactly as for a record that does not exist.
        let onRecords = [
            "/organisation/registrations/\(registration)/register", "/organisation/registrations/\(registration)/contact",
            "/organisation/registrations/\(registration)/withdraw", "/organisation/registrations/\(registration)/qualifications/new",
            "/organisation/registrations/\(registration)/qualifications/0/remove",
            "/organisation/proposals/\(proposal)/about", "/organisation/proposals/\(proposal)/standards",
            "/organisation/proposals/\(proposal)/need", "/organisation/proposals/\(proposal)/employer",
            "/organisation/proposals/\(proposal)/submit", "/organisation/proposals/\(proposal)/withdraw",
            "/organisation/proposals/\(proposal)/respond",
            "/organisation/submissions/\(draft)/details", "/organisation/submissions/\(draft)/standards",
            "/organisation/submissions/\(draft)/origin", "/organisation/submissions/\(draft)/demand",
            "/organisation/submissions/\(draft)/documents/0/remove", "/organisation/submissions/\(draft)/submit",
            "/organisation/submissions/\(submitted)/withdraw",
        ]
        let uploadsOnRecords = [
            "/organisation/submissions/\(draft)/documents", "/organisation/submissions/\(submitted)/clarification",
            "/organisation/submissions/\(submitted)/exception", "/organisation/proposals/\(proposal)/exception",
        ]
        // Forms that start a record: another AO may use them for itself, so only the others are checked.
        let starting = ["/organisation/registrations/new", "/organisation/proposals/new", "/organisation/submissions/new"]

        var clients: [Poster: WebClient] = [:]
        for poster in Poster.allCases {
            switch poster {
            case .anonymous: clients[poster] = service.client()
            case .apiToken:
                let client = service.client()
                client.extraHeaders["Authorization"] = "Bearer \(token)"
                clients[poster] = client
            default: clients[poster] = try service.signedIn(try #require(Self.emails[poster]))
            }
            // A page with a CSRF token first, so that a refusal is never the CSRF check's.
            try clients[poster]!.get(poster == .anonymous || poster == .apiToken ? "/sign-in" : "/account")
        }
        func expected(_ poster: Poster, onRecord: Bool) -> Int? {
            switch poster {
            case .anonymous, .apiToken: 303
            case .reviewer, .approver, .admin: 403
            case .otherOrganisation: onRecord ? 404 : nil
            }
        }
        let changedBefore = try service.auditActions.filter { $0.entry.action != "access_refused" }.count
        for poster in Poster.allCases {
            let client = try #require(clients[poster])
            for path in onRecords + starting {
                guard let want = expected(poster, onRecord: !starting.contains(path)) else { continue }
                let response = try client.post(path, [("title", "Changed by someone else")])
                #expect(response.status == want, "\(poster.rawValue) POST \(path): \(response.status), expected \(want)")
                if want == 303 { #expect(response.location?.hasPrefix("/sign-in") == true, "\(poster.rawValue) POST \(path)") }
            }
            for path in uploadsOnRecords {
                guard let want = expected(poster, onRecord: true) else { continue }
                let response = try client.upload(path, fields: [("reason", "technical_failure")],
                                                 files: [("files", "evidence.pdf", Array("%PDF-1.7\n".utf8))])
                #expect(response.status == want, "\(poster.rawValue) upload \(path): \(response.status), expected \(want)")
            }
        }
        #expect(try service.auditActions.filter { $0.entry.action != "access_refused" }.count == changedBefore)
    }
}
