import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// The administration changes that used to need the command line or a whole CSV import, over real
/// sockets: a cycle's month of first teaching, a predefined specialist area edited, and one standard
/// taken out of a cycle's scope and put back, each dated and audited; only administrators.
@Suite struct AdministrationGapsTests {
    /// The cycle form's fields as the L3S25 page shows them, so a post changes only what a test says.
    static func cycleFields(_ fixture: InstituteFixture, _ extra: [(String, String)]) throws -> [(String, String)] {
        let cycle = try fixture.records.cycle(code: "L3S25")
        return [("name", cycle.name)] + cycle.categories.map { ("categories", $0.rawValue) } + cycle.routes.map { ("routes", $0.rawValue) }
            + CycleForm.values(of: cycle).filter { $0.key != "name" && !$0.key.hasPrefix("first_teaching") && !$0.value.isEmpty }.map { ($0.key, $0.value) }
            + extra
    }

    @Test func firstTeachingIsEnteredCheckedAndShown() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let admin = try fixture.client(InstituteFixture.admin)
        let page = try admin.get("/institute/admin/cycles/L3S25")
        #expect(page.body.contains("id=\"first_teaching_month\"") && page.body.contains("value=\"8\"") && page.body.contains("value=\"2026\""))
        #expect(page.body.contains("Now: August 2026"))

        let wrong = try admin.post("/institute/admin/cycles/L3S25", try Self.cycleFields(fixture, [("first_teaching_month", "13"), ("first_teaching_year", "2027")]))
        #expect(wrong.status == 422 && wrong.body.contains("There is a problem") && wrong.body.contains("href=\"#first_teaching_month\""))
        #expect(wrong.body.contains("value=\"13\"") && wrong.body.contains("value=\"2027\""), "what was typed is kept")
        let shortYear = try admin.post("/institute/admin/cycles/L3S25", try Self.cycleFields(fixture, [("first_teaching_month", "9"), ("first_teaching_year", "27")]))
        #expect(shortYear.status == 422 && shortYear.body.contains("href=\"#first_teaching_year\""))
        #expect(try fixture.records.cycle(code: "L3S25").firstTeaching == FirstTeaching(year: 2026, month: 8), "nothing saved on an error")

        let before = try fixture.auditCount
        let saved = try admin.post("/institute/admin/cycles/L3S25", try Self.cycleFields(fixture, [("first_teaching_month", "9"), ("first_teaching_year", "2027")]))
        #expect(saved.status == 303 && saved.location == "/institute/admin/cycles/L3S25?saved=1")
        #expect(try fixture.records.cycle(code: "L3S25").firstTeaching == FirstTeaching(year: 2027, month: 9))
        let audit = try fixture.service.auditActions.dropFirst(before)
        #expect(audit.map(\.entry.action) == ["set_first_teaching"])
        #expect(try admin.get("/institute/admin/cycles").body.contains("First teaching: September 2027"))

        // Created with the cycle, through the domain's creation.
        try admin.get("/institute/admin/cycles/new")
        #expect(try admin.post("/institute/admin/cycles/new", [("cycle_code", "L2C8"), ("name", "Level 2 cycle 8"), ("level", "2"), ("number", "8"),
                                                               ("categories", "occupational_entry"), ("routes", "digital"),
                                                               ("first_teaching_month", "8"), ("first_teaching_year", "2028")]).status == 303)
        #expect(try fixture.records.cycle(code: "L2C8").firstTeaching == FirstTeaching(year: 2028, month: 8))
    }

    @Test func aSpecialistAreaIsEditedKeepingItsDutyCodes() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let admin = try fixture.client(InstituteFixture.admin)
        let area = try #require(try fixture.records.page(SpecialistArea.self, limit: 100).records.first { $0.name == "Adapting and developing exercise" })
        #expect(try admin.get("/institute/admin/specialist-areas").body.contains("href=\"/institute/admin/specialist-areas/\(area.id.rawValue)\""))
        let form = try admin.get("/institute/admin/specialist-areas/\(area.id.rawValue)")
        #expect(form.status == 200 && form.text.contains("Adapting exercise for antenatal and post-natal clients: Plan exercise that is safe"))

        let path = "/institute/admin/specialist-areas/\(area.id.rawValue)"
        let empty = try admin.post(path, [("version", "1"), ("name", " "), ("sub_areas", "Older adults"), ("duties", "Assess balance")])
        #expect(empty.status == 422 && empty.body.contains("href=\"#name\"") && empty.body.contains("Older adults") && empty.body.contains("Assess balance"))

        let before = try fixture.auditCount
        let duties = "Assess a client's readiness for adapted exercise and refer where needed\nOlder adults: Plan strength and balance work"
        let saved = try admin.post(path, [("version", "1"), ("name", "Adapting exercise"), ("sub_areas", "Older adults"), ("duties", duties)])
        #expect(saved.status == 303 && saved.location == "/institute/admin/specialist-areas?changed=1")
        let after = try fixture.records.record(SpecialistArea.self, id: area.id.rawValue)
        #expect(after.name == "Adapting exercise" && after.subAreas == ["Older adults"] && after.version == 2)
        #expect(after.duties == [.init(code: "D1", text: "Assess a client's readiness for adapted exercise and refer where needed"),
                                 .init(code: "D4", text: "Plan strength and balance work", subArea: "Older adults")],
                "an unchanged duty keeps D1; a new one takes a code never used")
        #expect(after.route == area.route && after.standardReferences == area.standardReferences)
        let audit = try fixture.service.auditActions.dropFirst(before)
        #expect(audit.map { "\($0.entry.recordType) \($0.entry.action)" } == ["specialist_area edit"])

        // A second save on the version already replaced is refused, not silently applied.
        let stale = try admin.post(path, [("version", "1"), ("name", "Stale name"), ("duties", "Anything")])
        #expect(stale.status == 422 && stale.body.contains("There is a problem") && stale.body.contains("Stale name"))
        #expect(try fixture.records.record(SpecialistArea.self, id: area.id.rawValue).name == "Adapting exercise")
        #expect(try admin.get("/institute/admin/specialist-areas/unknown-area").status == 404)
    }

    @Test func aStandardIsTakenOutOfScopeAndPutBackWithDates() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let admin = try fixture.client(InstituteFixture.admin)
        let version = String(try fixture.records.cycle(code: "L3S25").version)
        let page = try admin.get("/institute/admin/cycles/L3S25")
        #expect(page.body.contains("Remove<span class=\"visually-hidden\"> ST0593 from scope</span>"))
        // Each row's form carries the CSRF token and the cycle's version from the page's context.
        #expect(page.body.range(of: #"standards/remove" novalidate><input type="hidden" name="csrf_token" value="[^"]+"><input type="hidden" name="version" value="\#(version)">"#,
                                options: .regularExpression) != nil)

        let before = try fixture.auditCount
        let removed = try admin.post("/institute/admin/cycles/L3S25/standards/remove", [("version", version), ("standard", "ST0593")])
        #expect(removed.status == 303 && removed.location == "/institute/admin/cycles/L3S25?standard_removed=ST0593#standards")
        // The store keeps instants to the millisecond: compare them as stored.
        let removedAt = fixture.service.clock.now(), afterRemoval = removedAt.addingTimeInterval(1)
        var cycle = try fixture.records.cycle(code: "L3S25")
        #expect(!cycle.isInScope(standard: "ST0593", at: afterRemoval))
        #expect(cycle.standardsInScope.first { $0.standardReference == "ST0593" }?.removedAt.map(StoreTime.format) == StoreTime.format(removedAt),
                "the entry is kept, dated")
        let shown = try admin.get("/institute/admin/cycles/L3S25?standard_removed=ST0593")
        #expect(shown.body.contains("ST0593 has been taken out of scope") && shown.body.contains(StaffText.time(removedAt)))

        // Removing it again: the domain's refusal, on the page, nothing changed.
        let again = try admin.post("/institute/admin/cycles/L3S25/standards/remove", [("version", String(cycle.version)), ("standard", "ST0593")])
        #expect(again.status == 422 && again.body.contains("There is a problem") && again.body.contains("ST0593 is not in scope for"))

        // Bad references keep what was typed; an unknown standard must be imported first.
        let bad = try admin.post("/institute/admin/cycles/L3S25/standards/add", [("version", String(cycle.version)), ("standard", "X12")])
        #expect(bad.status == 422 && bad.body.contains("href=\"#standard\"") && bad.body.contains("value=\"X12\""))
        let unknown = try admin.post("/institute/admin/cycles/L3S25/standards/add", [("version", String(cycle.version)), ("standard", "ST7777")])
        #expect(unknown.status == 422 && unknown.body.contains("ST7777 is not a known standard"))
        let present = try admin.post("/institute/admin/cycles/L3S25/standards/add", [("version", String(cycle.version)), ("standard", "ST0973")])
        #expect(present.status == 422 && present.body.contains("ST0973 is already in scope"))
        let stale = try admin.post("/institute/admin/cycles/L3S25/standards/add", [("version", version), ("standard", "st0593")])
        #expect(stale.status == 422 && stale.body.contains("value=\"st0593\""), "a change on an older version of the cycle is refused")

        fixture.service.clock.advance(120) // within the idle session limit: the admin stays signed in
        let added = try admin.post("/institute/admin/cycles/L3S25/standards/add", [("version", String(cycle.version)), ("standard", " st0593 ")])
        #expect(added.status == 303 && added.location == "/institute/admin/cycles/L3S25?standard_added=ST0593#standards")
        cycle = try fixture.records.cycle(code: "L3S25")
        let entries = cycle.standardsInScope.filter { $0.standardReference == "ST0593" }
        #expect(entries.count == 2 && entries[0].removedAt.map(StoreTime.format) == StoreTime.format(removedAt)
                && StoreTime.format(entries[1].addedAt) == StoreTime.format(fixture.service.clock.now()) && entries[1].removedAt == nil)
        #expect(cycle.isInScope(standard: "ST0593", at: fixture.service.clock.now().addingTimeInterval(1))
                && !cycle.isInScope(standard: "ST0593", at: afterRemoval))
        let audit = try fixture.service.auditActions.dropFirst(before)
        #expect(audit.map(\.entry.action) == ["remove_standard", "add_standard"])
    }

    @Test func onlyAdministratorsChangeThem() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let area = try #require(try fixture.records.page(SpecialistArea.self, limit: 100).records.first)
        let before = try fixture.auditCount
        for email in [InstituteFixture.reviewer, InstituteFixture.approver, InstituteFixture.aoAdmin] {
            let client = try fixture.client(email)
            #expect(try client.get("/institute/admin/specialist-areas/\(area.id.rawValue)").status == 403, "\(email)")
            #expect(try client.post("/institute/admin/specialist-areas/\(area.id.rawValue)", [("version", "1"), ("name", "Taken"), ("duties", "X")]).status == 403)
            #expect(try client.post("/institute/admin/cycles/L3S25/standards/remove", [("version", "1"), ("standard", "ST0593")]).status == 403)
            #expect(try client.post("/institute/admin/cycles/L3S25/standards/add", [("version", "1"), ("standard", "ST0229")]).status == 403)
            #expect(try client.post("/institute/admin/cycles/L3S25", try Self.cycleFields(fixture, [("first_teaching_month", "1"), ("first_teaching_year", "2030")])).status == 403)
        }
        #expect(try fixture.records.cycle(code: "L3S25").firstTeaching == FirstTeaching(year: 2026, month: 8))
        #expect(try fixture.records.cycle(code: "L3S25").isInScope(standard: "ST0593", at: fixture.service.clock.now()))
        #expect(try fixture.records.record(SpecialistArea.self, id: area.id.rawValue).name == area.name)
        // Refusals may be audited as denied access, but no change to a record is.
        let changes = try fixture.service.auditActions.dropFirst(before).filter { ["cycle", "specialist_area"].contains($0.entry.recordType) }
        #expect(changes.isEmpty)
    }
}
