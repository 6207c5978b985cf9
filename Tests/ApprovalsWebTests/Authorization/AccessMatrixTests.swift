import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Who may do what, over real sockets: every role against every kind of route that exists, with
/// the status each must get, the security headers on every answer (errors and redirects included),
/// and the audit event left by each hidden record asked for.
@Suite(.serialized) struct AccessMatrixTests {
    enum Who: String, CaseIterable {
        case anonymous, aoEditor = "ao_editor", aoAdmin = "ao_admin", reviewer, conflictedReviewer = "reviewer with a conflict",
             approver, admin, apiToken = "api token"
    }

    static let emails: [Who: String] = [
        .aoEditor: "editor@northbridge.example", .aoAdmin: "admin@northbridge.example", .reviewer: "reviewer@institute.example",
        .conflictedReviewer: "second.reviewer@institute.example", .approver: "approver@institute.example", .admin: "admin@institute.example",
    ]

    @Test func everyRoleAgainstEveryKindOfRoute() throws {
        let service = try AccountsService()
        let records = service.accounts.records
        let organisations = try records.page(Organisation.self, limit: 100).records
        let northbridge = try #require(organisations.first { $0.name == "Northbridge Awards" }).id
        let crescent = try #require(organisations.first { $0.name == "Crescent Qualifications" }).id
        let submissions = try records.page(Submission.self, limit: 500).records
        let ownSubmitted = try #require(submissions.first { $0.organisationID == northbridge && !$0.versions.isEmpty })
        let ownDraft = try #require(submissions.first { $0.organisationID == northbridge && $0.versions.isEmpty })
        let othersSubmitted = try #require(submissions.first { $0.organisationID == crescent && !$0.versions.isEmpty })
        // The second reviewer declared a conflict with Crescent in the demo data; make sure they also
        // have one with the organisation of the review probed.
        let review = try #require(try records.page(Review.self, limit: 500).records.first)
        let conflicted = try #require(try service.accounts.store.holder(email: "second.reviewer@institute.example")).user.id
        if review.organisationID != crescent {
            _ = try records.declareConflict(reviewerID: conflicted, organisationID: review.organisationID, description: "Test conflict",
                                            by: Actor(id: conflicted, roles: [.reviewer]), at: service.clock.now())
        }
        let conflictedWithNorthbridge = review.organisationID == northbridge
        let crescentAdmin = try #require(try service.accounts.store.holder(email: "admin@crescent.example")).user.id
        let (token, _) = try service.makeToken()
        let ownProposal = try #require(try records.page(Proposal.self, limit: 500).records.first { $0.organisationID == northbridge && $0.state == .submitted })
        let exception = try #require(try records.page(LateSubmissionException.self, limit: 100).records.first)
        let document = try #require(ownSubmitted.latestVersion?.content.documents.first).sha256
        let conflictedOnOwn = conflictedWithNorthbridge ? 404 : 200
        let ownRegistration = try #require(try records.page(RegistrationOfIntent.self, limit: 500).records.first { $0.organisationID == northbridge && $0.state == .registered })
        let ownException = try #require(try records.page(LateSubmissionException.self, limit: 100).records.first { $0.organisationID == northbridge })

        let signIn = 303, ok = 200, forbidden = 403, notFound = 404, unauthorized = 401
        // The awarding organisations' pages: their own users only; staff are refused, another AO's record does not exist.
        let own = Self.staff(forbidden, ao: ok), others = Self.staff(forbidden, ao: notFound)
        let organisationRows: [(String, [Who: Int])] = [
            ("/organisation", own), ("/organisation/submissions/new", own), ("/organisation/proposals/new", own),
            ("/organisation/registrations/new", own),
            ("/organisation/submissions/\(ownSubmitted.reference)", own),
            ("/organisation/submissions/\(ownSubmitted.reference)/withdraw", own),
            ("/organisation/submissions/\(ownSubmitted.reference)/versions/1", own),
            ("/organisation/submissions/\(ownSubmitted.reference)/versions/1/receipt.txt", own),
            ("/organisation/submissions/\(ownSubmitted.reference)/confirmation", own),
            ("/organisation/submissions/\(ownDraft.reference)", own), ("/organisation/submissions/\(ownDraft.reference)/check", own),
            ("/organisation/submissions/\(ownDraft.reference)/documents", own),
            ("/organisation/proposals/\(ownProposal.reference)", own), ("/organisation/registrations/\(ownRegistration.reference)", own),
            ("/organisation/exceptions/\(ownException.reference)", own),
            ("/organisation/submissions/\(othersSubmitted.reference)", others),
            ("/organisation/submissions/\(othersSubmitted.reference)/versions/1", others),
            ("/organisation/submissions/\(ownSubmitted.reference)/documents/\(document)", own), ("/organisation/submissions/\(othersSubmitted.reference)/documents/\(othersSubmitted.latestVersion?.content.documents.first?.sha256 ?? "")", others),
        ]
        // Each row: path, then the status for each role (in Who.allCases order).
        let matrix: [(String, [Who: Int])] = [
            // The start page sends whoever is signed in on to their own home (/organisation or /institute).
            ("/", Self.all(303).merging([.anonymous: ok, .apiToken: ok]) { $1 }),
            ("/healthz", Self.all(ok)),
            ("/assets/app.css", Self.all(ok)),
            ("/sign-in", Self.all(303).merging([.anonymous: ok, .apiToken: ok]) { $1 }),
            ("/account", Self.all(ok).merging([.anonymous: signIn, .apiToken: signIn]) { $1 }),
            ("/users", Self.all(forbidden).merging([.anonymous: signIn, .apiToken: signIn, .aoAdmin: ok, .admin: ok]) { $1 }),
            ("/users/invite", Self.all(forbidden).merging([.anonymous: signIn, .apiToken: signIn, .aoAdmin: ok, .admin: ok]) { $1 }),
            ("/users/\(crescentAdmin.rawValue)", Self.all(forbidden).merging([.anonymous: signIn, .apiToken: signIn, .aoAdmin: notFound, .admin: ok]) { $1 }),
            ("/organisations", Self.all(forbidden).merging([.anonymous: signIn, .apiToken: signIn, .admin: ok]) { $1 }),
            ("/organisations/new", Self.all(forbidden).merging([.anonymous: signIn, .apiToken: signIn, .admin: ok]) { $1 }),
            ("/tokens", Self.all(forbidden).merging([.anonymous: signIn, .apiToken: signIn, .admin: ok]) { $1 }),
            ("/probe/submissions/\(ownSubmitted.id.rawValue)", Self.all(ok).merging([.anonymous: signIn, .apiToken: signIn,
                                                                                 .conflictedReviewer: conflictedWithNorthbridge ? notFound : ok]) { $1 }),
            ("/probe/submissions/\(ownDraft.id.rawValue)", Self.all(notFound).merging([.anonymous: signIn, .apiToken: signIn, .aoEditor: ok, .aoAdmin: ok]) { $1 }),
            ("/probe/submissions/\(othersSubmitted.id.rawValue)", Self.all(ok).merging([.anonymous: signIn, .apiToken: signIn, .aoEditor: notFound, .aoAdmin: notFound, .conflictedReviewer: notFound]) { $1 }),
            ("/probe/submissions/no-such-id", Self.all(notFound).merging([.anonymous: signIn, .apiToken: signIn]) { $1 }),
            ("/probe/reviews/\(review.id.rawValue)", Self.all(ok).merging([.anonymous: signIn, .apiToken: signIn, .aoEditor: notFound, .aoAdmin: notFound, .conflictedReviewer: notFound]) { $1 }),
            ("/api/v1/probe", Self.all(unauthorized).merging([.apiToken: ok]) { $1 }),
            ("/probe/undeclared", Self.all(forbidden)),
            // The Institute's pages: staff only; an AO user is refused (403) or, for records and queues, told nothing exists (404).
            ("/institute", Self.staff(ok, ao: forbidden)),
            ("/institute/proposals", Self.staff(ok, ao: notFound)),
            ("/institute/submissions", Self.staff(ok, ao: notFound)),
            ("/institute/export/proposals", Self.staff(ok, ao: notFound)),
            ("/institute/export/submissions", Self.staff(ok, ao: notFound)),
            ("/institute/decisions", Self.staff(ok, ao: notFound)),
            ("/institute/conflicts", Self.staff(ok, ao: forbidden)),
            ("/institute/audit", Self.staff(ok, ao: forbidden)),
            ("/institute/exceptions", Self.staff(forbidden, ao: forbidden).merging([.admin: ok]) { $1 }),
            ("/institute/exceptions/\(exception.reference)", Self.staff(forbidden, ao: forbidden).merging([.admin: ok]) { $1 }),
            ("/institute/exceptions/\(exception.reference)/evidence/\(exception.evidence[0].sha256)", Self.staff(forbidden, ao: forbidden).merging([.admin: ok]) { $1 }),
            ("/institute/proposals/\(ownProposal.reference)", Self.staff(ok, ao: notFound).merging([.conflictedReviewer: conflictedOnOwn]) { $1 }),
            ("/institute/submissions/\(ownSubmitted.reference)", Self.staff(ok, ao: notFound).merging([.conflictedReviewer: conflictedOnOwn]) { $1 }),
            ("/institute/submissions/\(ownSubmitted.reference)/compare", Self.staff(ok, ao: notFound).merging([.conflictedReviewer: conflictedOnOwn]) { $1 }),
            ("/institute/submissions/\(ownSubmitted.reference)/documents/\(document)", Self.staff(ok, ao: notFound).merging([.conflictedReviewer: conflictedOnOwn]) { $1 }),
            ("/institute/submissions/\(othersSubmitted.reference)", Self.staff(ok, ao: notFound).merging([.conflictedReviewer: notFound]) { $1 }),
            ("/institute/submissions/\(ownDraft.reference)", Self.staff(notFound, ao: notFound)),
            ("/institute/admin", Self.staff(forbidden, ao: forbidden).merging([.admin: ok]) { $1 }),
            ("/institute/admin/cycles", Self.staff(forbidden, ao: forbidden).merging([.admin: ok]) { $1 }),
            ("/institute/admin/cycles/new", Self.staff(forbidden, ao: forbidden).merging([.admin: ok]) { $1 }),
            ("/institute/admin/cycles/L3S25", Self.staff(forbidden, ao: forbidden).merging([.admin: ok]) { $1 }),
            ("/institute/admin/cycles/L3S25/standards", Self.staff(forbidden, ao: forbidden).merging([.admin: ok]) { $1 }),
            ("/institute/admin/notes", Self.staff(forbidden, ao: forbidden).merging([.admin: ok]) { $1 }),
            ("/institute/admin/specialist-areas", Self.staff(forbidden, ao: forbidden).merging([.admin: ok]) { $1 }),
            ("/no/such/page", Self.all(notFound)),
        ] + organisationRows

        var clients: [Who: WebClient] = [:]
        for who in Who.allCases {
            switch who {
            case .anonymous: clients[who] = service.client()
            case .apiToken:
                let client = service.client()
                client.extraHeaders["Authorization"] = "Bearer \(token)"
                clients[who] = client
            default: clients[who] = try service.signedIn(try #require(Self.emails[who]))
            }
        }
        let auditBefore = try service.auditActions.filter { $0.entry.action == "access_refused" }.count
        var hiddenAsked = 0
        for (path, expected) in matrix {
            for who in Who.allCases {
                let response = try #require(clients[who]).get(path)
                let want = try #require(expected[who])
                #expect(response.status == want, "\(who.rawValue) GET \(path): \(response.status), expected \(want)")
                if path == "/" && response.status == signIn {
                    let home = who == .aoEditor || who == .aoAdmin ? "/organisation" : "/institute"
                    #expect(response.location == home, "\(who.rawValue) / → \(response.location ?? "-")")
                } else if want == signIn && response.status == signIn {
                    #expect(response.location?.hasPrefix("/sign-in") == true || path == "/sign-in", "\(who.rawValue) \(path) → \(response.location ?? "-")")
                }
                if want == notFound && (path.hasPrefix("/users/") || path.hasPrefix("/institute") || path.hasPrefix("/organisation/")
                                        || !path.contains("no-such") && path.hasPrefix("/probe/")) {
                    hiddenAsked += 1
                }
                Self.expectSecurityHeaders(response, "\(who.rawValue) GET \(path)")
            }
        }
        // Every hidden record asked for left one audit event naming who asked.
        let refused = try service.auditActions.filter { $0.entry.action == "access_refused" }
        #expect(refused.count - auditBefore == hiddenAsked)
        #expect(refused.contains { $0.entry.recordID == othersSubmitted.id.rawValue && $0.entry.actorOrganisationID == northbridge.rawValue })
        #expect(refused.contains { $0.entry.recordID == crescentAdmin.rawValue && $0.entry.recordType == "user" })
    }

    /// Every form of the Institute's pages, posted empty (with a valid CSRF token) by every role: the
    /// roles allowed get the form back with what is missing (422) and nothing changes; the others are
    /// refused (403), told the record does not exist (404), or sent to sign in (303).
    @Test func everyInstituteFormAgainstEveryRole() throws {
        let service = try AccountsService()
        let records = service.accounts.records
        let organisations = try records.page(Organisation.self, limit: 100).records
        let northbridge = try #require(organisations.first { $0.name == "Northbridge Awards" }).id
        let submissions = try records.page(Submission.self, limit: 500).records
        let submitted = try #require(submissions.first { $0.organisationID == northbridge && $0.state == .submitted })
        let recommended = try #require(submissions.first { $0.organisationID == northbridge && $0.state == .recommended })
        let proposal = try #require(try records.page(Proposal.self, limit: 500).records.first { $0.organisationID == northbridge && $0.state == .submitted })
        let exception = try #require(try records.page(LateSubmissionException.self, limit: 100).records.first { $0.state == .requested })
        let conflict = try #require(try records.page(ConflictOfInterest.self, limit: 100).records.first { $0.state == .declared })
        let note = try #require(try records.page(OfqualRegulatoryNote.self, limit: 100).records.first { $0.state == .open })
        let area = try #require(try records.page(SpecialistArea.self, limit: 100).records.first)
        let (token, _) = try service.makeToken()
        let unprocessable = 422, forbidden = 403, notFound = 404
        func only(_ allowed: [Who], _ status: Int = unprocessable, others: Int = forbidden, ao: Int = notFound) -> [Who: Int] {
            var expected = Self.staff(others, ao: ao)
            for who in allowed { expected[who] = status }
            return expected
        }
        let unassignedReview = only([], ao: notFound) // nobody is assigned: every role is refused
        let proposalPath = "/institute/proposals/\(proposal.reference)", submissionPath = "/institute/submissions/\(submitted.reference)"
        let forms: [(String, [Who: Int])] = [
            ("/institute/proposals/assign", only([.admin])),
            ("/institute/submissions/assign", only([.admin])),
            ("/institute/proposals/release", only([.reviewer, .conflictedReviewer])),
            ("\(proposalPath)/assign", only([.admin])),
            ("\(proposalPath)/start-review", unassignedReview),
            ("\(proposalPath)/feedback", unassignedReview),
            ("\(proposalPath)/release", unassignedReview),
            ("\(proposalPath)/follow-up", unassignedReview),
            ("\(submissionPath)/assign", only([.admin])),
            ("\(submissionPath)/start-review", unassignedReview),
            ("\(submissionPath)/criteria", unassignedReview),
            ("\(submissionPath)/clarification", unassignedReview),
            ("\(submissionPath)/recommend", unassignedReview),
            ("/institute/submissions/\(recommended.reference)/decision", only([.approver])),
            ("/institute/submissions/\(recommended.reference)/release-decision", only([.approver])),
            ("/institute/decisions/release", only([.approver])),
            ("/institute/exceptions/\(exception.reference)/decide", only([.admin], ao: forbidden)),
            ("/institute/conflicts", only([.reviewer, .conflictedReviewer], ao: forbidden)),
            ("/institute/conflicts/\(conflict.reference)/end", only([.admin], ao: forbidden)),
            ("/institute/admin/cycles/new", only([.admin], ao: forbidden)),
            ("/institute/admin/cycles/L3S25", only([.admin], ao: forbidden)),
            ("/institute/admin/cycles/L3S25/standards/apply", only([.admin], ao: forbidden)),
            ("/institute/admin/cycles/L3S25/standards/add", only([.admin], ao: forbidden)),
            ("/institute/admin/cycles/L3S25/standards/remove", only([.admin], ao: forbidden)),
            ("/institute/admin/notes", only([.admin], ao: forbidden)),
            ("/institute/admin/notes/\(note.reference)/address", only([.admin], ao: forbidden)),
            ("/institute/admin/specialist-areas", only([.admin], ao: forbidden)),
            ("/institute/admin/specialist-areas/\(area.id.rawValue)", only([.admin], ao: forbidden)),
        ]
        var clients: [Who: WebClient] = [:]
        for who in Who.allCases {
            switch who {
            case .anonymous: clients[who] = service.client()
            case .apiToken:
                let client = service.client()
                client.extraHeaders["Authorization"] = "Bearer \(token)"
                clients[who] = client
            default: clients[who] = try service.signedIn(try #require(Self.emails[who]))
            }
            try clients[who]!.get(who == .anonymous || who == .apiToken ? "/sign-in" : "/account")
        }
        let changedBefore = try service.auditActions.filter { $0.entry.action != "access_refused" }.count
        for (path, expected) in forms {
            for who in Who.allCases {
                let response = try #require(clients[who]).post(path, [])
                let want = try #require(expected[who])
                #expect(response.status == want, "\(who.rawValue) POST \(path): \(response.status), expected \(want)")
                Self.expectSecurityHeaders(response, "\(who.rawValue) POST \(path)")
            }
        }
        // The one upload form: an empty file.
        let uploadExpected = only([.admin], ao: forbidden)
        for who in Who.allCases {
            let response = try #require(clients[who]).upload("/institute/admin/cycles/L3S25/standards", file: ("standards", "empty.csv", ""))
            #expect(response.status == uploadExpected[who], "\(who.rawValue) upload: \(response.status)")
        }
        // Nothing was changed by any of it.
        #expect(try service.auditActions.filter { $0.entry.action != "access_refused" }.count == changedBefore)
    }

    @Test func aHiddenRecordIsAnsweredExactlyLikeOneThatDoesNotExist() throws {
        let service = try AccountsService()
        let records = service.accounts.records
        let crescent = try #require(try records.page(Organisation.self, limit: 100).records.first { $0.name == "Crescent Qualifications" }).id
        let other = try #require(try records.page(Submission.self, limit: 500).records.first { $0.organisationID == crescent && !$0.versions.isEmpty })
        let editor = try service.signedIn("editor@northbridge.example")
        let hidden = try editor.get("/probe/submissions/\(other.id.rawValue)")
        let missing = try editor.get("/probe/submissions/00000000-0000-0000-0000-000000000000")
        #expect(hidden.status == 404 && missing.status == 404)
        let strip = { (body: String) in body.replacingOccurrences(of: #"<code>[0-9a-f]+</code>"#, with: "", options: .regularExpression) }
        #expect(strip(hidden.body) == strip(missing.body))
        #expect(!hidden.body.contains(other.reference.description))
    }

    @Test func aPOSTRouteThatDeclaredNothingNeverRunsEvenForAnAdmin() throws {
        let service = try AccountsService()
        let admin = try service.signedIn("admin@institute.example")
        try admin.get("/account")
        let response = try admin.post("/probe/undeclared", [("x", "1")])
        #expect(response.status == 403 && !response.body.contains("should never run"))
        Self.expectSecurityHeaders(response, "undeclared POST")
    }

    /// Answers the HTTP core gives before any route runs (a malformed request, a body over the sign-in
    /// form's limit, headers too large) carry the same headers.
    @Test func responsesTheServerMakesItselfCarryTheHeadersToo() throws {
        let service = try AccountsService()
        let requests: [(Int, String)] = [
            (400, "GET /sign-in HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\n"),
            (413, "POST /sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000\r\n\r\n"),
            (431, "GET /account HTTP/1.1\r\nHost: x\r\nX-Padding: " + String(repeating: "a", count: 70_000) + "\r\n\r\n"),
        ]
        for (status, raw) in requests {
            let response = try WebClient.parse(try WebClient.exchange(port: service.port, Array(raw.utf8)))
            #expect(response.status == status)
            Self.expectSecurityHeaders(response, "server's own \(status)")
        }
    }

    @Test func theAPIOnlyEverReads() throws {
        let service = try AccountsService()
        let (token, _) = try service.makeToken()
        let client = service.client()
        client.extraHeaders["Authorization"] = "Bearer \(token)"
        for method in ["POST", "PUT", "PATCH", "DELETE"] {
            let response = try client.send(method, "/api/v1/probe", headers: ["Content-Type": "application/json"], body: Array("{}".utf8))
            #expect(response.status == 405, "\(method) /api/v1/probe")
            #expect(response.header("Allow") == "GET, HEAD")
            #expect(response.header("Content-Type") == "application/problem+json")
            Self.expectSecurityHeaders(response, method)
        }
        #expect(try client.send("HEAD", "/api/v1/probe", headers: [:], body: nil).status == 200)
    }

    /// Every staff role gets `staff`, AO users `ao`, anyone not signed in (the API token included: pages ignore it) the sign-in redirect.
    static func staff(_ staff: Int, ao: Int) -> [Who: Int] {
        all(staff).merging([.anonymous: 303, .apiToken: 303, .aoEditor: ao, .aoAdmin: ao]) { $1 }
    }

    static func all(_ status: Int) -> [Who: Int] { Dictionary(uniqueKeysWithValues: Who.allCases.map { ($0, status) }) }

    static func expectSecurityHeaders(_ response: WebClient.Response, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let csp = response.header("Content-Security-Policy") ?? ""
        #expect(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
                "CSP on \(context)", sourceLocation: sourceLocation)
        #expect(response.header("X-Content-Type-Options") == "nosniff", "nosniff on \(context)", sourceLocation: sourceLocation)
        #expect(response.header("Referrer-Policy") != nil, "Referrer-Policy on \(context)", sourceLocation: sourceLocation)
    }
}
