@testable import ApprovalsStore
import Foundation
import GRDB
import Testing

/// `change_feed_items` (migration 0510) must give the feed the general path's bytes, event for event,
/// whether the events were appended after the migration (its trigger) or before it (its backfill).
@Suite struct ChangeFeedItemsTests {
    /// Walks the whole feed in pages of `limit`, comparing the written items with the general ones.
    static func expectFeedMatches(_ database: ApprovalsDatabase, limit: Int = 40) throws {
        let reader = APIReader(database: database)
        var after: Int64 = 0
        var events = 0
        while true {
            var json = APIJSON()
            let end = try reader.writeChanges(after: after, limit: limit, into: &json)
            let page = try reader.changes(after: after, limit: limit)
            #expect(json.bytes == APIValue.array(page.items.map(APIValue.object)).jsonBytes)
            #expect(end.nextAfter == page.nextAfter && end.last == page.last)
            events += page.items.count
            guard let next = end.nextAfter else { break }
            after = next
        }
        #expect(events > limit, "the feed spans several pages")
        // Events about drafts are in the chain but not in the feed.
        let left = try database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_events WHERE sequence NOT IN (SELECT sequence FROM change_feed_items)")
        }
        #expect((left ?? 0) > 0)
    }

    @Test func eventsAppendedAfterTheMigrationAreInTheFeedAsTheGeneralPathWritesThem() throws {
        let folder = try TemporaryDataFolder()
        let database = try ApprovalsDatabase.open(dataDirectory: folder.url, migrationsDirectory: Fixtures.migrationsDirectory)
        defer { try? database.close() }
        try SubmissionListingTests.fill(database)
        try Self.expectFeedMatches(database)
    }

    @Test func theMigrationBackfillsTheEventsAppendedBeforeIt() throws {
        let folder = try TemporaryDataFolder()
        let known = try Fixtures.migrations()
        #expect(known.contains { $0.version == 510 })
        let earlier = try ApprovalsDatabase.open(dataDirectory: folder.url, migrations: known.filter { $0.version < 510 },
                                                 options: Fixtures.options())
        try SubmissionListingTests.fill(earlier)
        try earlier.close()
        let database = try ApprovalsDatabase.open(dataDirectory: folder.url, migrations: known, options: Fixtures.options())
        defer { try? database.close() }
        #expect(database.migrationsAppliedAtOpen.map(\.version) == [510])
        try Self.expectFeedMatches(database)
    }
}
