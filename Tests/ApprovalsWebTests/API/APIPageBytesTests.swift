import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// The busiest answers (a submissions page, the change feed) are written straight from the rows:
/// they must give the very bytes the general path (`APIValue` objects, keys sorted) gives, in the
/// order the OpenAPI document lists the fields, with an entity tag that follows the bytes.
@Suite struct APIPageBytesTests {
    /// 120 bulk submissions on top of the demo data: more than two pages of 50.
    static let bulk = 120

    @Test func bulkDataAddsSubmittedSubmissionsThatTheAPIListsAndTheAuditChainHolds() async throws {
        let service = try APIService(bulk: Self.bulk)
        let plain = try APIService()
        let withBulk = try await service.all("/api/v1/submissions", limit: 50)
        let without = try await plain.all("/api/v1/submissions", limit: 50)
        #expect(withBulk.items.count == without.items.count + Self.bulk)
        #expect(withBulk.pages >= 3)
        let added = withBulk.items.filter { ($0["title"] as? String)?.contains("Digital Support") == true && $0["status"] as? String == "submitted" }
        #expect(added.count >= Self.bulk)
        #expect(Set(withBulk.items.compactMap { $0["reference"] as? String }).count == withBulk.items.count, "references are unique")
        #expect(try service.database.verifyAudit().holds)
        // Each bulk submission was created and then submitted: two events, both in the feed's order.
        let feed = try await service.all("/api/v1/changes", limit: 200)
        let submits = feed.items.filter { $0["record_type"] as? String == "submission" && $0["action"] as? String == "submit" }
        #expect(submits.count >= Self.bulk)
    }

    @Test func bulkDataNeedsTheDemoDataFirst() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("approvals-bulk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try ApprovalsDatabase.open(dataDirectory: folder, migrationsDirectory: AccountsService.packageRoot.appendingPathComponent("Migrations"))
        defer { try? database.close() }
        #expect(throws: BulkData.DemoDataMissing.self) { try BulkData.load(10, into: RecordStore(database: database), now: Date()) }
    }

    @Test(arguments: [APIList.submissions, .approvedQualifications])
    func aPageWrittenFromRowsHasTheBytesOfTheGeneralPath(list: APIList) throws {
        let service = try APIService(bulk: Self.bulk)
        try Self.amendSome(service)
        let reader = APIReader(database: service.database)
        var query = APIListQuery(limit: 50)
        var pages = 0
        while true {
            var json = APIJSON()
            let end = try #require(try reader.writePage(list, query, into: &json))
            let page = try reader.page(list, query)
            #expect(json.bytes == APIValue.array(page.items.map(APIValue.object)).jsonBytes)
            #expect(end.nextAfter == page.nextAfter)
            pages += 1
            guard let next = end.nextAfter else { break }
            query.after = next
        }
        #expect(pages >= (list == .submissions ? 3 : 1))
        // With a filter too: the same statement text as the general path, so the same rows.
        let filtered = APIListQuery(organisationID: try #require(try RecordStore(database: service.database).page(Organisation.self, limit: 1).records.first).id.rawValue,
                                    status: "submitted", limit: 7)
        // Every filter, alone and together, gives the general path's bytes (route and level read from the listing).
        let organisation = filtered.organisationID
        let since = Date().addingTimeInterval(-3600)
        let queries = [filtered, APIListQuery(route: "digital", limit: 20), APIListQuery(level: 3, limit: 20), APIListQuery(level: 4),
                       APIListQuery(route: "digital", status: "withdrawn"), APIListQuery(status: "approved"),
                       APIListQuery(organisationID: organisation, level: 3, route: "digital", updatedSince: since, limit: 9),
                       APIListQuery(route: "no-such-route")]
        for query in queries {
            var query = query
            while true {
                var json = APIJSON()
                let end = try #require(try reader.writePage(list, query, into: &json))
                let page = try reader.page(list, query)
                #expect(json.bytes == APIValue.array(page.items.map(APIValue.object)).jsonBytes, "\(query)")
                #expect(end.nextAfter == page.nextAfter)
                guard let next = end.nextAfter else { break }
                query.after = next
            }
        }
    }

    /// Three bulk submissions amended (versions 2 and 3, new titles): the page must show the latest.
    static func amendSome(_ service: APIService) throws {
        let store = RecordStore(database: service.database)
        let editor = try #require(try store.user(email: "editor@northbridge.example")).actor
        let bulk = try store.page(Submission.self, limit: 500).records.filter { $0.draft.title.contains("Digital Support 2") }
        #expect(bulk.count >= 3)
        for (index, original) in bulk.prefix(3).enumerated() {
            var submission = original
            for round in 0...index {
                var content = try #require(submission.latestVersion?.content)
                // The third amendment's title needs escapes (a quote, a backslash) and holds a non-ASCII letter.
                let amended = round == 2 ? "Digital Support \"amended\" 3 \\ café" : "Digital Support amended \(round + 1)"
                content.title = content.title.replacingOccurrences(of: "Digital Support", with: amended)
                submission = try store.applySubmission(.amend(content), to: submission.id, expectedVersion: submission.version, by: editor, at: Date())
            }
        }
        // Two more withdrawn, one of them amended first: the status changes, the listing fields keep the latest version's.
        for (index, original) in bulk.dropFirst(3).prefix(2).enumerated() {
            var submission = original
            if index == 0 {
                var content = try #require(submission.latestVersion?.content)
                content.title = content.title.replacingOccurrences(of: "Digital Support", with: "Digital Support revised")
                submission = try store.applySubmission(.amend(content), to: submission.id, expectedVersion: submission.version, by: editor, at: Date())
            }
            _ = try store.applySubmission(.withdraw(reason: "Replaced by a new design"), to: submission.id,
                                          expectedVersion: submission.version, by: editor, at: Date())
        }
        let records = try RecordStore(database: service.database).page(Submission.self, limit: 500).records
        #expect(records.map(\.versions.count).contains(2) && records.map(\.versions.count).contains(3))
        #expect(records.filter { $0.state == .withdrawn && $0.versions.count == 2 }.count >= 1)
    }

    @Test func theChangeFeedWrittenFromRowsHasTheBytesOfTheGeneralPath() throws {
        let service = try APIService(bulk: 30)
        let reader = APIReader(database: service.database)
        var after: Int64 = 0
        var pages = 0
        while true {
            var json = APIJSON()
            let end = try reader.writeChanges(after: after, limit: 50, into: &json)
            let page = try reader.changes(after: after, limit: 50)
            #expect(json.bytes == APIValue.array(page.items.map(APIValue.object)).jsonBytes)
            #expect(end.nextAfter == page.nextAfter && end.last == page.last)
            pages += 1
            guard let next = end.nextAfter else { break }
            after = next
        }
        #expect(pages >= 2)
    }

    @Test func otherListsAreLeftToTheGeneralPath() throws {
        let service = try APIService()
        var json = APIJSON()
        #expect(try APIReader(database: service.database).writePage(.cycles, APIListQuery(), into: &json) == nil)
        #expect(json.bytes.isEmpty)
    }

    /// The served bytes, read in order: the envelope's keys, then each item's keys, in the order the
    /// OpenAPI document lists the properties of its schema, every required one present.
    @Test func theServedBytesFollowTheDocumentedShapeInKeyOrder() async throws {
        let service = try APIService(bulk: 60)
        let served = try await service.get("/api/v1/openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: served.body) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        func documented(_ name: String) throws -> (order: [String], required: Set<String>) {
            let schema = try #require(schemas[name] as? [String: Any])
            // The order is read from the document's own text, not from a dictionary.
            let schemaText = try #require(Self.objectText(after: "\"\(name)\":", in: served.text))
            let properties = try #require(Self.objectText(after: "\"properties\":", in: schemaText))
            return (Self.keysInOrder(of: properties), Set(schema["required"] as? [String] ?? []))
        }
        for (path, schema, envelope) in [("/api/v1/submissions?limit=50", "Submission", ["items", "limit", "links"]),
                                         ("/api/v1/changes?limit=50", "Change", ["cursor", "items", "limit", "links"])] {
            let answer = try await service.get(path)
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/json")
            #expect(answer.header("Cache-Control") == "private")
            let text = answer.text
            #expect(Self.keysInOrder(of: text) == envelope, "\(path)")
            #expect(answer.items.count == 50, "\(path)")
            let (order, required) = try documented(schema)
            for item in Self.itemTexts(text) {
                let keys = Self.keysInOrder(of: item)
                #expect(keys == order.filter(keys.contains), "\(path): \(keys)")
                #expect(required.isSubset(of: keys), "\(path)")
            }
        }
    }

    @Test func theEntityTagFollowsTheBytesAndAnswers304() async throws {
        let service = try APIService(bulk: 60)
        for path in ["/api/v1/submissions?limit=50", "/api/v1/changes?limit=50"] {
            let first = try await service.get(path)
            let tag = try #require(first.header("ETag"))
            #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && !tag.hasPrefix("W/"), "strong")
            #expect(tag == APIEntityTag.of(Array(first.body)))
            #expect(try await service.get(path).header("ETag") == tag, "stable while nothing changes")
            let unchanged = try await service.get(path, headers: ["If-None-Match": "\"other\", \(tag)"])
            #expect(unchanged.status == 304 && unchanged.body.isEmpty && unchanged.header("ETag") == tag)
            #expect(unchanged.header("Cache-Control") == "private")
            #expect(try await service.get(path, headers: ["If-None-Match": "\"other\""]).status == 200)
        }
        // A page that holds every submission changes when one is added: so does its tag.
        let lastPage = "/api/v1/submissions?limit=200"
        let before = try await service.get(lastPage)
        try BulkData.load(1, into: RecordStore(database: service.database), now: Date())
        let after = try await service.get(lastPage)
        #expect(before.text != after.text)
        #expect(before.header("ETag") != after.header("ETag"))
        #expect(try await service.get(lastPage, headers: ["If-None-Match": before.header("ETag") ?? ""]).status == 200)
    }

    @Test func theEntityTagChangesWithAnyByteAndTheLength() {
        var seen = Set<String>()
        var bytes: [UInt8] = []
        for length in 0..<200 {
            #expect(seen.insert(APIEntityTag.of(bytes)).inserted, "length \(length)")
            for index in bytes.indices {
                var changed = bytes
                changed[index] ^= 1
                #expect(APIEntityTag.of(changed) != APIEntityTag.of(bytes), "length \(length), byte \(index)")
            }
            bytes.append(UInt8(truncatingIfNeeded: length &* 31))
        }
        #expect(APIEntityTag.of(Array("{\"a\":1}".utf8)) == APIEntityTag.of(Array("{\"a\":1}".utf8)))
    }

    /// The top-level keys of a JSON object's text, in the order they are written.
    static func keysInOrder(of text: String) -> [String] {
        var keys: [String] = []
        var depth = 0
        var index = text.startIndex
        var inString = false
        var stringStart = index
        var expectKey = false
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if character == "\\" { index = text.index(after: index) } else if character == "\"" {
                    inString = false
                    if expectKey && depth == 1 {
                        var after = text.index(after: index)
                        while after < text.endIndex && text[after] == " " { after = text.index(after: after) }
                        if after < text.endIndex && text[after] == ":" { keys.append(String(text[text.index(after: stringStart)..<index])) }
                    }
                }
            } else {
                switch character {
                case "\"": inString = true; stringStart = index
                case "{", "[": depth += 1; expectKey = character == "{" && depth == 1
                case "}", "]": depth -= 1
                case ",": expectKey = depth == 1
                case ":": expectKey = false
                default: break
                }
            }
            index = text.index(after: index)
        }
        return keys
    }

    /// The text of each object in the top-level `items` array.
    static func itemTexts(_ text: String) -> [String] {
        guard let start = text.range(of: "\"items\":[")?.upperBound else { return [] }
        var items: [String] = []
        var depth = 0
        var inString = false
        var itemStart = start
        var index = start
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if character == "\\" { index = text.index(after: index) } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "{" {
                if depth == 0 { itemStart = index }
                depth += 1
            } else if character == "}" {
                depth -= 1
                if depth == 0 { items.append(String(text[itemStart...index])) }
            } else if character == "]" && depth == 0 {
                break
            }
            index = text.index(after: index)
        }
        return items
    }

    /// The text of the object that follows the first `marker` in `text` (braces matched, strings skipped).
    static func objectText(after marker: String, in text: String) -> String? {
        guard let found = text.range(of: marker), let open = text[found.upperBound...].firstIndex(of: "{") else { return nil }
        var depth = 0
        var inString = false
        var index = open
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if character == "\\" { index = text.index(after: index) } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "{" {
                depth += 1
            } else if character == "}" {
                depth -= 1
                if depth == 0 { return String(text[open...index]) }
            }
            index = text.index(after: index)
        }
        return nil
    }
}
