import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// The names and conflicts staff pages read from columns are those of the records themselves (what
/// the pages decoded before), and a conflict stops barring its reviewer the moment it ends.
@Suite struct DirectoryNamesTests {
    @Test func namesAndDeclaredConflictsMatchTheRecords() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let records = fixture.records
        let names = try records.instituteDirectoryNames()
        let organisations = try records.page(Organisation.self, limit: 500).records
        #expect(names.organisations.map(\.name) == organisations.map(\.name).sorted())
        #expect(Set(names.organisations.map(\.id)) == Set(organisations.map(\.id)))
        let cycles = try records.page(Cycle.self, limit: 500).records.sorted { $0.code < $1.code }
        #expect(names.cycles.map(\.id) == cycles.map(\.id))
        #expect(names.cycles.map(\.name) == cycles.map(\.name))

        let conflicts = try records.page(ConflictOfInterest.self, limit: 500).records
        var declared: [UserID: Set<OrganisationID>] = [:]
        for conflict in conflicts where conflict.state == .declared { declared[conflict.reviewerID, default: []].insert(conflict.organisationID) }
        #expect(names.barred == declared)
        let conflicted = try fixture.userID(InstituteFixture.conflictedReviewer)
        let crescent = try fixture.crescent
        #expect(names.barred[conflicted]?.contains(crescent) == true)
        #expect(try StaffDirectory(records).reviewers(freeOf: crescent).contains { $0.id == conflicted } == false)
        #expect(try StaffDirectory(records).reviewers(freeOf: fixture.northbridge).contains { $0.id == conflicted })

        // Ending the declaration frees the reviewer for that AO's records.
        let conflict = try #require(conflicts.first { $0.reviewerID == conflicted && $0.organisationID == crescent && $0.state == .declared })
        let admin = Actor(id: try fixture.userID(InstituteFixture.admin), roles: [.admin])
        try records.applyConflict(.end(reason: "Left the AO's board"), to: conflict.id, expectedVersion: conflict.version,
                                  by: admin, at: fixture.service.clock.now())
        #expect(try records.instituteDirectoryNames().barred[conflicted]?.contains(crescent) != true)
        #expect(try StaffDirectory(records).reviewers(freeOf: crescent).contains { $0.id == conflicted })
    }
}

/// A record's own page reads only the Institute's staff and the people it names, yet offers the
/// same reviewers and shows the same names as the full directory.
@Suite struct StaffDirectoryTests {
    @Test func aRecordsPageReadsStaffAndTheNamedPeopleOnly() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let records = fixture.records
        let everyone = try StaffDirectory(records)
        let editor = try fixture.userID(InstituteFixture.aoEditor)
        let aoAdmin = try fixture.userID(InstituteFixture.aoAdmin)
        let narrow = try StaffDirectory(records, staffAnd: [editor])
        let staffRoles: Set<Role> = [.reviewer, .approver, .admin]
        let staff = everyone.users.values.filter { !$0.roles.isDisjoint(with: staffRoles) }
        #expect(!staff.isEmpty)
        #expect(Set(narrow.users.keys) == Set(staff.map(\.id)).union([editor]))
        #expect(narrow.users[aoAdmin] == nil, "an AO user the page does not name is not read")
        #expect(narrow.userName(editor) == everyone.userName(editor))
        for person in staff { #expect(narrow.users[person.id]?.roles == person.roles) }
        for organisation in [try fixture.crescent, try fixture.northbridge] {
            #expect(narrow.reviewerOptions(for: organisation, assigned: nil).map { $0["value"] as? String }
                    == everyone.reviewerOptions(for: organisation, assigned: nil).map { $0["value"] as? String })
        }

        // The submission page still names the AO user who submitted each version.
        let submission = try fixture.submission(.submitted, of: fixture.northbridge)
        let submitter = try #require(submission.versions.last?.submittedBy)
        let page = try fixture.client(InstituteFixture.admin).get("/institute/submissions/\(submission.reference)")
        #expect(page.status == 200)
        #expect(page.text.contains(try #require(everyone.users[submitter]?.displayName)))

        // The queue, which reads the staff and the rows' reviewers only, names the assigned reviewer.
        let assigned = try #require(try fixture.submissions { $0.assignedReviewerID != nil }.first)
        let reviewerID = try #require(assigned.assignedReviewerID)
        let reviewerName = try #require(everyone.users[reviewerID]?.displayName)
        // The approver is offered no bulk assignment, so the name can only come from the row.
        let queue = try fixture.client(InstituteFixture.approver).get("/institute/submissions?q=\(assigned.reference)")
        #expect(queue.status == 200)
        #expect(queue.text.contains(assigned.reference.description))
        #expect(queue.text.contains(reviewerName))
    }
}
