import Foundation
import Testing
@testable import ApprovalsStore

@Suite("Stored instants")
struct StoreTimeTests {
    @Test("instants are written in UTC to the millisecond and read back equal", arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_742_576_400.0, "2025-03-21T17:00:00.000Z"),
        (1_742_576_399.999, "2025-03-21T16:59:59.999Z"),
        (951_782_400.5, "2000-02-29T00:00:00.500Z"),
        (-1.0, "1969-12-31T23:59:59.000Z"),
        (4_102_444_800.0, "2100-01-01T00:00:00.000Z"),
    ])
    func roundTrip(seconds: Double, text: String) throws {
        let instant = Date(timeIntervalSince1970: seconds)
        #expect(StoreTime.format(instant) == text)
        let parsed = try #require(StoreTime.parse(text))
        #expect(StoreTime.format(parsed) == text)
        #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.0005)
    }

    @Test("other ISO 8601 forms are read; nonsense is not")
    func otherForms() {
        #expect(StoreTime.parse("2025-03-21T16:55:00Z") == Date(timeIntervalSince1970: 1_742_576_100))
        #expect(StoreTime.parse("2025-13-21T16:55:00.000Z") == nil)
        #expect(StoreTime.parse("yesterday") == nil)
    }
}
