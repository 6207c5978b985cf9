import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Administration over real sockets: cycles with windows in UK time, the standards import previewed
/// before it applies, specialist areas and Ofqual notes; only administrators.
@Suite struct AdministrationTests {
    static let windows = [("registration_opens", "2026-02-16 09:00"), ("registration_closes", "2026-02-20 17:00"),
                          ("proposal_opens", "2026-03-02 09:00"), ("proposal_closes", "2026-03-13 17:00"),
                          ("feedback_due", "2026-05-29 17:00"),
                          ("submission_opens", "2026-09-21 09:00"), ("submission_closes", "2026-10-02 17:00")]

    @Test func aCycleIsCreatedWithWindowsInUKTimeAndChanged() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let admin = try fixture.client(InstituteFixture.admin)
        try admin.get("/institute/admin/cycles/new")
        let base = [("cycle_code", "L2C9"), ("name", "Level 2 cycle 9"), ("level", "2"), ("number", "9"),
                    ("categories", "occupational_entry"), ("categories", "employer_proposed"), ("routes", "digital"), ("routes", "construction_built_environment")]
        // Closing before opening: refused, everything typed kept (both categories still ticked).
        var wrong = base + Self.windows
        wrong[wrong.firstIndex { $0.0 == "submission_closes" }!] = ("submission_closes", "2026-09-01 17:00")
        let refused = try admin.post("/institute/admin/cycles/new", wrong)
        #expect(refused.status == 422 && refused.body.contains("href=\"#submission_closes\""))
        #expect(refused.body.contains("value=\"employer_proposed\" checked") && refused.body.contains("value=\"Level 2 cycle 9\""))

        #expect(try admin.post("/institute/admin/cycles/new", base + Self.windows).status == 303)
        let cycle = try fixture.records.cycle(code: "L2C9")
        #expect(cycle.categories == [.occupationalEntry, .employerProposed] && cycle.routes == [.digital, .constructionBuiltEnvironment])
        // 17:00 on 2 October 2026 is BST: 16:00 UTC. 17:00 on 20 February is GMT: 17:00 UTC.
        #expect(StoreTime.format(cycle.windows.submission!.closes) == "2026-10-02T16:00:00.000Z")
        #expect(StoreTime.format(cycle.windows.registrationOfIntent!.closes) == "2026-02-20T17:00:00.000Z")
        let list = try admin.get("/institute/admin/cycles")
        #expect(list.body.contains("17:00 BST on 2 October 2026") && list.body.contains("17:00 GMT on 20 February 2026"))
        #expect(try admin.post("/institute/admin/cycles/new", base + Self.windows).status == 422, "the code is taken")

        let page = try admin.get("/institute/admin/cycles/L2C9")
        #expect(page.body.contains("value=\"2026-10-02 17:00\""))
        var changed = [("name", "Level 2 cycle 9 (autumn)"), ("categories", "occupational_entry"), ("routes", "digital")] + Self.windows
        changed[changed.firstIndex { $0.0 == "submission_closes" }!] = ("submission_closes", "2026-10-09 17:00")
        let saved = try admin.post("/institute/admin/cycles/L2C9", changed)
        #expect(saved.status == 303 && saved.location == "/institute/admin/cycles/L2C9?saved=3")
        let after = try fixture.records.cycle(code: "L2C9")
        #expect(after.name == "Level 2 cycle 9 (autumn)" && after.routes == [.digital] && after.categories == [.occupationalEntry])
        #expect(StoreTime.format(after.windows.submission!.closes) == "2026-10-09T16:00:00.000Z")
    }

    @Test func standardsAreImportedAfterAPreview() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let admin = try fixture.client(InstituteFixture.admin)
        let cycle = try fixture.records.page(Cycle.self, limit: 10).records.first { $0.code == "L3S25" }!
        let inScope = cycle.standardsInScope.filter { $0.removedAt == nil }.map(\.standardReference)
        let existing = try #require(try fixture.records.standard(reference: "ST0973"))
        let csv = """
            reference,title,level,route,version,status,ksbs
            ST0973,\(existing.title),\(existing.level),digital,9.9,approved_for_delivery,K1: Networks | S1: Configure a router
            ST9001,Drone Operator,3,transport_logistics,1.0,approved_for_delivery,K1: Airspace rules | S1: Fly a survey

            """
        try admin.get("/institute/admin/cycles/L3S25/standards")
        let preview = try admin.upload("/institute/admin/cycles/L3S25/standards", file: ("standards", "standards.csv", csv))
        #expect(preview.status == 200)
        #expect(preview.body.contains("ST9001 Drone Operator") && preview.body.contains("ST0973 (version \(existing.version) to 9.9"))
        for removed in inScope where removed != "ST0973" { #expect(preview.body.contains(removed), "\(removed) shown as taken out of scope") }
        #expect(try fixture.records.standard(reference: "ST9001") == nil, "nothing applied before confirmation")

        let sha = try #require(preview.body.range(of: #"name="sha256" value="([0-9a-f]{64})""#, options: .regularExpression)
            .map { String(preview.body[$0].dropFirst(#"name="sha256" value=""#.count).dropLast()) })
        let applied = try admin.post("/institute/admin/cycles/L3S25/standards/apply", [("sha256", sha)])
        #expect(applied.status == 303)
        #expect(try fixture.records.standard(reference: "ST9001")?.title == "Drone Operator")
        let after = try fixture.records.cycle(code: "L3S25")
        let now = fixture.service.clock.now().addingTimeInterval(1)
        #expect(after.isInScope(standard: "ST9001", at: now) && after.isInScope(standard: "ST0973", at: now))
        for removed in inScope where removed != "ST0973" { #expect(!after.isInScope(standard: removed, at: now)) }

        let broken = try admin.upload("/institute/admin/cycles/L3S25/standards", file: ("standards", "bad.csv", "reference,title\nXX1,Nothing\n"))
        #expect(broken.status == 422 && broken.body.contains("There is a problem") && broken.body.contains("href=\"#standards\""))
        let forged = try admin.upload("/institute/admin/cycles/L3S25/standards", file: ("standards", "standards.csv", csv), csrf: false)
        #expect(forged.status == 403)
    }

    @Test func notesAndSpecialistAreas() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        let admin = try fixture.client(InstituteFixture.admin)
        try admin.get("/institute/admin/notes")
        let missing = try admin.post("/institute/admin/notes", [("organisation", try fixture.northbridge.rawValue), ("summary", "Investigation."),
                                                                 ("received_at", "")])
        #expect(missing.status == 422 && missing.body.contains("href=\"#received_at\"") && missing.body.contains("Investigation."))
        #expect(try admin.post("/institute/admin/notes", [("organisation", try fixture.northbridge.rawValue), ("summary", "Investigation."),
                                                           ("received_at", "2026-01-05 09:00")]).status == 303)
        let note = try #require(try fixture.records.page(OfqualRegulatoryNote.self, limit: 100).records.first { $0.summary == "Investigation." })
        #expect(note.state == .open)
        #expect(try admin.post("/institute/admin/notes/\(note.reference)/address", [("resolution", "Closed by Ofqual.")]).status == 303)
        #expect(try fixture.records.record(OfqualRegulatoryNote.self, id: note.id.rawValue).state == .addressed)

        // No empty success banner when nothing was done (an empty string is "true" to Mustache).
        #expect(!(try admin.get("/institute/admin/specialist-areas").body.contains("notification--success")))
        let unknown = try admin.post("/institute/admin/specialist-areas", [("name", "Drones"), ("route", "digital"), ("standards", "ST7777"),
                                                                          ("duties", "Fly safely")])
        #expect(unknown.status == 422 && unknown.body.contains("ST7777 is not a known standard"))
        #expect(try admin.post("/institute/admin/specialist-areas", [("name", "Adapting exercise for older adults"), ("route", "health_science"),
                                                                      ("standards", "ST0593"), ("sub_areas", "Falls prevention"),
                                                                      ("duties", "Assess balance\nFalls prevention: Plan strength work")]).status == 303)
        let area = try #require(try fixture.records.page(SpecialistArea.self, limit: 100).records.first { $0.name == "Adapting exercise for older adults" })
        #expect(area.duties.map(\.subArea) == [nil, "Falls prevention"])
    }

    @Test func onlyAdministratorsAdminister() throws {
        let fixture = InstituteFixture(service: try AccountsService())
        for email in [InstituteFixture.reviewer, InstituteFixture.approver, InstituteFixture.aoAdmin] {
            let client = try fixture.client(email)
            for path in ["/institute/admin", "/institute/admin/cycles", "/institute/admin/cycles/new", "/institute/admin/cycles/L3S25",
                         "/institute/admin/cycles/L3S25/standards", "/institute/admin/notes", "/institute/admin/specialist-areas"] {
                #expect(try client.get(path).status == 403, "\(email) GET \(path)")
            }
            #expect(try client.post("/institute/admin/cycles/new", [("cycle_code", "X1")]).status == 403)
        }
        #expect(try fixture.client(InstituteFixture.admin).get("/institute/admin/cycles/NOPE").status == 404)
    }
}

extension WebClient {
    /// Posts one file as multipart/form-data, with the CSRF token of the last page unless `csrf` is false.
    func upload(_ path: String, file: (field: String, name: String, content: String), csrf: Bool = true) throws -> Response {
        let boundary = "----institute-test-boundary"
        var body = ""
        if csrf, let token = lastCSRFToken {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\(token)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: text/csv\r\n\r\n"
        body += file.content + "\r\n--\(boundary)--\r\n"
        return try send("POST", path, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: Array(body.utf8))
    }
}
