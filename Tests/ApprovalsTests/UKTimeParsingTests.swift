import Foundation
import Testing
@testable import Approvals

@Suite("UK time: form fields")
struct UKTimeParsingTests {
    @Test("datetime-local values are read as UK wall-clock time, either side of the clock changes")
    func parse() throws {
        #expect(try UKTime.instant(parsingLocal: "2025-03-21T17:00") == Fixture.iso("2025-03-21T17:00:00Z"))
        #expect(try UKTime.instant(parsingLocal: "2024-10-04T17:00:30") == Fixture.iso("2024-10-04T16:00:30Z"))
        #expect(try UKTime.instant(parsingLocal: " 2025-10-26T01:30 ") == Fixture.iso("2025-10-26T00:30:00Z"))
        #expect(throws: UKTime.WallClockError.ambiguous("01:30 on 26 October 2025")) {
            try UKTime.instant(parsingLocal: "2025-10-26T01:30", resolution: .strict)
        }
    }

    @Test("Malformed values are refused with the text", arguments: [
        "", "2025-03-21", "2025-03-21 17:00", "2025-3-21T17:00", "2025-03-21T1700", "2025-03-21T17:00:00:00",
        "20x5-03-21T17:00", "2025-03-21T17:0", "+025-03-21T17:00",
    ])
    func malformed(text: String) {
        #expect(throws: UKTime.WallClockError.malformed(text)) { try UKTime.instant(parsingLocal: text) }
    }

    @Test("Impossible values in the right shape are refused for what they are")
    func impossible() {
        #expect(throws: UKTime.WallClockError.invalidDate(year: 2025, month: 2, day: 30)) {
            try UKTime.instant(parsingLocal: "2025-02-30T09:00")
        }
        #expect(throws: UKTime.WallClockError.invalidTime(hour: 25, minute: 0, second: 0)) {
            try UKTime.instant(parsingLocal: "2025-02-03T25:00")
        }
    }

    @Test("Instants fill form fields back in UK time, and dates read as people write them")
    func fieldValues() {
        #expect(UKTime.localFieldValue(Fixture.iso("2024-10-04T16:00:00Z")) == "2024-10-04T17:00")
        #expect(UKTime.localFieldValue(Fixture.iso("2025-03-21T16:59:59Z")) == "2025-03-21T16:59:59")
        #expect(UKTime.describeDate(Fixture.iso("2025-06-30T23:30:00Z")) == "1 July 2025")
        for text in ["2025-03-30T00:59", "2025-03-30T02:00", "2025-10-26T00:59", "2025-10-26T02:00", "2025-07-01T00:00"] {
            #expect(UKTime.localFieldValue(try! UKTime.instant(parsingLocal: text)) == text)
        }
    }
}

@Suite("Organisation administration")
struct OrganisationAdministrationTests {
    let at = Fixture.uk(2025, 1, 6, 9)

    @Test("Admins only; the recognition number must look like Ofqual's; scope changes are audited")
    func organisations() throws {
        #expect(violation { try OrganisationAdministration.create(Fixture.aoA, by: Fixture.adminA, at: at) }?.rule == .notPermitted)
        var bad = Fixture.aoA
        bad.ofqualRecognitionNumber = "5001"
        #expect(violation { try OrganisationAdministration.create(bad, by: Fixture.admin, at: at) }?.field == "ofqual_recognition_number")
        let created = try OrganisationAdministration.create(Fixture.aoA, by: Fixture.admin, at: at)
        #expect(created.audit.details["ssa_scope"] == "4,6.1" && created.audit.action == "create")
        let widened = try OrganisationAdministration.apply(.setRecognition(number: "RN5001", scope: [SectorSubjectArea("4")!, SectorSubjectArea("15.3")!]),
                                                           to: created.record, by: Fixture.admin, at: at)
        #expect(widened.record.isRecognised(for: SectorSubjectArea("15.3")!) && widened.record.version == 2)
        #expect(widened.audit.details["ssa_scope"] == "15.3,4")
        // The wider scope now lets the AO submit in 15.3.
        var content = Fixture.goodContent
        content.sectorSubjectArea = SectorSubjectArea("15.3")!
        #expect(!SubmissionCheck.contentFailures(content, context: Fixture.context(widened.record), at: Fixture.duringWindow)
            .contains { $0.rule == .outsideOfqualScope })
        #expect(violation { try OrganisationAdministration.apply(.rename(""), to: created.record, by: Fixture.admin, at: at) }?.field == "name")
    }
}
