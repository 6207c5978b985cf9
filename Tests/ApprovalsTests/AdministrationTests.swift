import Foundation
import Testing
@testable import Approvals

@Suite("Ofqual notes, conflicts of interest, changes after approval, cycle administration")
struct AdministrationTests {
    let at = Fixture.uk(2025, 3, 5, 10)

    @Test("Ofqual note: recorded and addressed by an admin only, then final")
    func regulatoryNote() throws {
        let ref = RecordReference(kind: .regulatoryNote, scope: "2025", sequence: 3)!
        for actor in [Fixture.editorA, Fixture.reviewer, Fixture.approver, Fixture.apiClient] {
            #expect(violation { try RegulatoryNoteLifecycle.record(id: RegulatoryNoteID("n"), reference: ref, organisationID: Fixture.aoA.id,
                summary: "Action", receivedAt: at, by: actor, at: at) }?.rule == .notPermitted)
        }
        #expect(violation { try RegulatoryNoteLifecycle.record(id: RegulatoryNoteID("n"), reference: ref, organisationID: Fixture.aoA.id,
            summary: "Action", receivedAt: at.addingTimeInterval(60), by: Fixture.admin, at: at) }?.field == "received_at")
        let recorded = try RegulatoryNoteLifecycle.record(id: RegulatoryNoteID("n"), reference: ref, organisationID: Fixture.aoA.id,
                                                          summary: "Investigation", receivedAt: at, by: Fixture.admin, at: at)
        #expect(recorded.record.state == .open && recorded.audit.stateBefore == nil && recorded.audit.stateAfter == "open")
        #expect(violation { try RegulatoryNoteLifecycle.apply(.markAddressed(resolution: "Fixed"), to: recorded.record,
                                                              by: Fixture.reviewer, at: at) }?.rule == .notPermitted)
        #expect(violation { try RegulatoryNoteLifecycle.apply(.markAddressed(resolution: ""), to: recorded.record,
                                                              by: Fixture.admin, at: at) }?.field == "resolution")
        let addressed = try RegulatoryNoteLifecycle.apply(.markAddressed(resolution: "Ofqual closed its case"), to: recorded.record,
                                                          by: Fixture.admin, at: at)
        #expect(addressed.record.state == .addressed && addressed.record.addressedBy == Fixture.admin.id)
        #expect(violation { try RegulatoryNoteLifecycle.apply(.markAddressed(resolution: "again"), to: addressed.record,
                                                              by: Fixture.admin, at: at) }?.rule == .invalidState)
    }

    @Test("Conflict of interest: declared by the reviewer or an admin, ended by an admin")
    func conflict() throws {
        let ref = RecordReference(kind: .conflict, scope: "2025", sequence: 2)!
        #expect(violation { try ConflictLifecycle.declare(id: ConflictID("c"), reference: ref, reviewerID: Fixture.reviewer.id,
            organisationID: Fixture.aoA.id, description: "Ex-employee", by: Fixture.otherReviewer, at: at) }?.rule == .notPermitted)
        #expect(violation { try ConflictLifecycle.declare(id: ConflictID("c"), reference: ref, reviewerID: Fixture.reviewer.id,
            organisationID: Fixture.aoA.id, description: "Ex-employee", by: Fixture.editorA, at: at) }?.rule == .notPermitted)
        #expect(violation { try ConflictLifecycle.declare(id: ConflictID("c"), reference: ref, reviewerID: Fixture.reviewer.id,
            organisationID: Fixture.aoA.id, description: "Ex-employee", by: Fixture.admin, at: at) } == nil)
        let declared = try ConflictLifecycle.declare(id: ConflictID("c"), reference: ref, reviewerID: Fixture.reviewer.id,
                                                     organisationID: Fixture.aoA.id, description: "Ex-employee",
                                                     by: Fixture.reviewer, at: at).record
        #expect(declared.bars(Fixture.reviewer.id, from: Fixture.aoA.id))
        #expect(!declared.bars(Fixture.reviewer.id, from: Fixture.aoB.id) && !declared.bars(Fixture.otherReviewer.id, from: Fixture.aoA.id))
        #expect(violation { try ConflictLifecycle.apply(.end(reason: "Left"), to: declared, by: Fixture.reviewer, at: at) }?.rule == .notPermitted)
        let ended = try ConflictLifecycle.apply(.end(reason: "Two years passed"), to: declared, by: Fixture.admin, at: at).record
        #expect(ended.state == .ended && !ended.bars(Fixture.reviewer.id, from: Fixture.aoA.id))
        #expect(violation { try ConflictLifecycle.apply(.end(reason: "x"), to: ended, by: Fixture.admin, at: at) }?.rule == .invalidState)
    }

    var approved: Submission {
        let later = Fixture.uk(2025, 6, 2, 10)
        let inReview = Fixture.drive(Fixture.draftSubmission(), [
            (.submit, Fixture.editorA, Fixture.duringWindow),
            (.assignReviewer(Fixture.reviewer.id), Fixture.admin, later), (.startReview, Fixture.reviewer, later)])
        return Fixture.drive(inReview, [(.recommend(Fixture.completedReview(of: inReview)), Fixture.reviewer, later),
                                        (.decide(.approved, reasons: "Meets the criteria"), Fixture.approver, later)])
    }

    func change(_ kind: ChangeAfterApproval.Kind, revised: Date, standard: String = "ST0001",
                by actor: Actor = Fixture.editorA) throws -> Transition<ChangeAfterApproval> {
        try ChangeLifecycle.record(id: ChangeID("chg-1"), reference: RecordReference(kind: .change, scope: "L3S25", sequence: 1)!,
                                   approved: approved, ChangeRequest(standardReference: standard, standardRevisedAt: revised,
                                                                     kind: kind, description: "K1 reworded"),
                                   by: actor, at: Fixture.uk(2026, 1, 5, 9))
    }

    @Test("A minor change within a year of the decision is recorded; later it needs a change submission")
    func minorChangeWindow() throws {
        // Decision at 10:00 BST on 2 June 2025: the flexibility runs until 10:00 BST on 2 June 2026.
        let limit = Fixture.uk(2026, 6, 2, 10)
        #expect(try change(.minor, revised: limit.addingTimeInterval(-0.001)).record.state == .recorded)
        let v = violation { try change(.minor, revised: limit) }
        #expect(v?.rule == .changeNeedsSubmission)
        #expect(try change(.significant, revised: limit).record.state == .awaitingChangeSubmission)
        #expect(violation { try change(.minor, revised: Fixture.uk(2025, 9, 1, 9), standard: "ST0777") }?.rule == .wrongRecord)
        #expect(violation { try change(.minor, revised: Fixture.uk(2025, 9, 1, 9), by: Fixture.editorB) }?.rule == .notOwnOrganisation)
        #expect(violation { try ChangeLifecycle.record(id: ChangeID("c"), reference: RecordReference(kind: .change, scope: "L3S25", sequence: 2)!,
            approved: Fixture.draftSubmission(), ChangeRequest(standardReference: "ST0001", standardRevisedAt: at, kind: .minor,
                                                               description: "x"), by: Fixture.editorA, at: at) }?.rule == .invalidState)
    }

    @Test("A significant change is linked to a new submission that names the approved one")
    func significantChange() throws {
        let pending = try change(.significant, revised: Fixture.uk(2025, 9, 1, 9)).record
        let unrelated = Fixture.draftSubmission(id: "sub-7", sequence: 7)
        #expect(violation { try ChangeLifecycle.apply(.linkChangeSubmission(unrelated), to: pending, by: Fixture.editorA, at: at) }?.rule == .wrongRecord)
        #expect(violation { try SubmissionLifecycle.createChange(id: SubmissionID("sub-8"), reference: RecordReference(kind: .submission, scope: "L3S25", sequence: 8)!,
            cycle: Fixture.cycle, changing: unrelated, content: Fixture.goodContent, by: Fixture.editorA, at: at) }?.rule == .invalidState)
        #expect(violation { try SubmissionLifecycle.createChange(id: SubmissionID("sub-8"), reference: RecordReference(kind: .submission, scope: "L3S25", sequence: 8)!,
            cycle: Fixture.cycle, changing: approved, content: Fixture.goodContent, by: Fixture.editorB, at: at) }?.rule == .notOwnOrganisation)
        let changeSubmission = try SubmissionLifecycle.createChange(id: SubmissionID("sub-8"), reference: RecordReference(kind: .submission, scope: "L3S25", sequence: 8)!,
            cycle: Fixture.cycle, changing: approved, content: Fixture.goodContent, by: Fixture.editorA, at: at)
        #expect(changeSubmission.audit.details["changes_submission_id"] == "sub-1")
        let linked = try ChangeLifecycle.apply(.linkChangeSubmission(changeSubmission.record), to: pending, by: Fixture.editorA, at: at)
        #expect(linked.record.state == .changeSubmissionLinked && linked.record.changeSubmissionID == SubmissionID("sub-8"))
        #expect(violation { try ChangeLifecycle.apply(.linkChangeSubmission(changeSubmission.record), to: linked.record,
                                                      by: Fixture.editorA, at: at) }?.rule == .invalidState)
    }

    @Test("Cycles: admins only; categories must suit the level; standards added and removed with dates")
    func cycles() throws {
        var fresh = Fixture.cycle
        fresh.standardsInScope = []
        #expect(violation { try CycleAdministration.create(fresh, by: Fixture.reviewer, at: at) }?.rule == .notPermitted)
        var wrong = fresh
        wrong.categories.insert(.employerProposed)
        #expect(violation { try CycleAdministration.create(wrong, by: Fixture.admin, at: at) }?.rule == .levelNotInCategory)
        var badCode = fresh
        badCode = Cycle(id: fresh.id, code: "l3 s25", name: fresh.name, level: fresh.level, number: 2, categories: fresh.categories,
                        routes: fresh.routes, windows: fresh.windows)
        #expect(violation { try CycleAdministration.create(badCode, by: Fixture.admin, at: at) }?.field == "code")

        var cycle = try CycleAdministration.create(fresh, by: Fixture.admin, at: at).record
        let added = try CycleAdministration.apply(.addStandard(reference: "ST0123"), to: cycle, by: Fixture.admin, at: at)
        #expect(added.audit.action == "add_standard" && added.audit.details["standard"] == "ST0123")
        cycle = added.record
        #expect(cycle.isInScope(standard: "ST0123", at: at) && !cycle.isInScope(standard: "ST0123", at: at.addingTimeInterval(-0.001)))
        #expect(violation { try CycleAdministration.apply(.addStandard(reference: "ST0123"), to: cycle, by: Fixture.admin, at: at) }?.rule == .standardAlreadyInScope)
        #expect(violation { try CycleAdministration.apply(.addStandard(reference: "0123"), to: cycle, by: Fixture.admin, at: at) }?.field == "standard")
        let removedAt = at.addingTimeInterval(3600)
        cycle = try CycleAdministration.apply(.removeStandard(reference: "ST0123"), to: cycle, by: Fixture.admin, at: removedAt).record
        #expect(cycle.isInScope(standard: "ST0123", at: removedAt.addingTimeInterval(-0.001)) && !cycle.isInScope(standard: "ST0123", at: removedAt))
        #expect(violation { try CycleAdministration.apply(.removeStandard(reference: "ST0123"), to: cycle, by: Fixture.admin, at: removedAt) }?.rule == .standardNotInScope)
        // Re-adding keeps the history: two entries, one closed.
        cycle = try CycleAdministration.apply(.addStandard(reference: "ST0123"), to: cycle, by: Fixture.admin, at: removedAt).record
        #expect(cycle.standardsInScope.filter { $0.standardReference == "ST0123" }.count == 2)

        let newWindow = TimeWindow(opens: Fixture.uk(2025, 3, 10, 9), closes: Fixture.uk(2025, 3, 28, 17))
        let moved = try CycleAdministration.apply(.setWindow(.submission, newWindow), to: cycle, by: Fixture.admin, at: at)
        #expect(moved.record.windows.submission?.closes == Fixture.iso("2025-03-28T17:00:00Z"))
        #expect(moved.audit.details["closes"] == "2025-03-28T17:00:00.000Z")
        #expect(moved.record.version == cycle.version + 1)
        #expect(violation { try CycleAdministration.apply(.setScope(categories: [.occupationalEntry], routes: []), to: cycle,
                                                          by: Fixture.admin, at: at) }?.field == "routes")
    }
}

@Suite("References, identifiers and reference data")
struct ReferenceDataTests {
    @Test("References format, parse and validate")
    func references() throws {
        let ref = try #require(RecordReference(kind: .submission, scope: "L3S25", sequence: 42))
        #expect(ref.description == "SUB-L3S25-0042")
        #expect(try RecordReference(parsing: " sub-l3s25-0042 ") == ref)
        #expect(RecordReference(kind: .submission, scope: "L3S25", sequence: 123_456)?.description == "SUB-L3S25-123456")
        #expect(throws: RecordReference.ParseError.unknownKind("XYZ")) { try RecordReference(parsing: "XYZ-L3S25-0001") }
        #expect(throws: RecordReference.ParseError.badSequence("42")) { try RecordReference(parsing: "SUB-L3S25-42") }
        #expect(throws: RecordReference.ParseError.badSequence("0000")) { try RecordReference(parsing: "SUB-L3S25-0000") }
        #expect(throws: RecordReference.ParseError.wrongShape("SUB-L3S25")) { try RecordReference(parsing: "SUB-L3S25") }
        #expect(throws: RecordReference.ParseError.badScope("L")) { try RecordReference(parsing: "SUB-L-0001") }
        #expect(!RecordReference.isValid("SUB-L3S25-00x1") && RecordReference.isValid("ORN-2025-0001"))
        #expect(RecordReference(kind: .proposal, scope: "l3", sequence: 1) == nil)
        #expect(RecordReference(kind: .proposal, scope: "L3", sequence: 0) == nil)
        let json = try JSONEncoder().encode(ref)
        #expect(String(decoding: json, as: UTF8.self) == "\"SUB-L3S25-0042\"")
        #expect(try JSONDecoder().decode(RecordReference.self, from: json) == ref)
    }

    @Test("Fifteen routes with stable codes; titles are recognised with their other names")
    func routes() {
        #expect(Route.allCases.count == 15 && ReferenceCatalogue.routes.count == 15)
        #expect(Set(ReferenceCatalogue.routes.map(\.code)).count == 15)
        #expect(Route(title: "Education and childcare") == .educationEarlyYears)
        #expect(Route(title: "sales, marketing, and procurement") == .salesMarketingProcurement)
        #expect(Route(title: "Astronomy") == nil)
        #expect(ReferenceCatalogue.routes.allSatisfy { $0.code.allSatisfy { $0.isLowercase || $0 == "_" } })
    }

    @Test("Five categories with the rules of DOMAIN.md")
    func categories() {
        let rows = Dictionary(uniqueKeysWithValues: ReferenceCatalogue.categories().map { ($0.code, $0) })
        #expect(rows.count == 5)
        #expect(rows["employer_proposed"]?.levels == [2] && rows["employer_proposed"]?.ageGroupsByLevel["2"] == ["adult"])
        #expect(rows["occupational_progression"]?.levels == [3])
        #expect(rows["cross_cutting"]?.proposalRule == "from_cycle" && rows["cross_cutting"]?.proposalFromCycle == 3)
        #expect(rows["additional_specialist"]?.proposalRule == "unless_predefined_area")
        #expect(rows["occupational_entry"]?.proposalRule == "never" && rows["occupational_entry"]?.relationToStandard == "aligns")
        #expect(rows["cross_cutting"]?.titleWording == "Technical Cross Cutting Function")
        #expect(ReferenceCatalogue.criteria.count == 35)
    }

    @Test("Sector subject areas, documents and standards validate their shapes")
    func shapes() {
        #expect(SectorSubjectArea("4.1") != nil && SectorSubjectArea("15") != nil)
        #expect(SectorSubjectArea("4.") == nil && SectorSubjectArea("a.1") == nil && SectorSubjectArea("1.2.3") == nil)
        #expect(SectorSubjectArea("4")!.covers(SectorSubjectArea("4.3")!) && !SectorSubjectArea("4.1")!.covers(SectorSubjectArea("4.3")!))
        #expect(!SectorSubjectArea("1")!.covers(SectorSubjectArea("14.1")!))
        #expect(DocumentReference(kind: .specification, sha256: String(repeating: "A", count: 64), originalName: "x",
                                  byteCount: 1, mediaType: "application/pdf") == nil)
        #expect(DocumentReference(kind: .specification, sha256: String(repeating: "a", count: 64), originalName: "x",
                                  byteCount: -1, mediaType: "application/pdf") == nil)
        #expect(OccupationalStandard.isValidReference("ST0123") && !OccupationalStandard.isValidReference("ST123"))
        #expect(KSB.kind(ofCode: "S12") == .skill && KSB.kind(ofCode: "X1") == nil && KSB.kind(ofCode: "K") == nil)
        #expect(Organisation.isValidRecognitionNumber("RN5127") && !Organisation.isValidRecognitionNumber("5127"))
    }

    @Test("Records round-trip through JSON with snake_case state values")
    func codable() throws {
        let s = Fixture.drive(Fixture.draftSubmission(), [(.submit, Fixture.editorA, Fixture.duringWindow)])
        let data = try JSONEncoder().encode(s)
        #expect(try JSONDecoder().decode(Submission.self, from: data) == s)
        #expect(Submission.State.clarificationRequested.rawValue == "clarification_requested")
        #expect(Role.apiClient.rawValue == "api_client" && Role.aoEditor.rawValue == "ao_editor")
        let id = try JSONEncoder().encode(SubmissionID("sub-1"))
        #expect(String(decoding: id, as: UTF8.self) == "\"sub-1\"")
    }
}
