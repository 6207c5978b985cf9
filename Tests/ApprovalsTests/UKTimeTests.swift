import Foundation
import Testing
@testable import Approvals

@Suite("UK time: wall-clock entry and display")
struct UKTimeTests {
    @Test("GMT wall-clock time is UTC")
    func gmt() throws {
        let t = try UKTime.instant(year: 2025, month: 3, day: 21, hour: 17)
        #expect(t == Fixture.iso("2025-03-21T17:00:00Z"))
        #expect(UKTime.zone(at: t) == .gmt)
    }

    @Test("BST wall-clock time is an hour ahead of UTC")
    func bst() throws {
        let t = try UKTime.instant(year: 2024, month: 10, day: 4, hour: 17)
        #expect(t == Fixture.iso("2024-10-04T16:00:00Z"))
        #expect(UKTime.zone(at: t) == .bst)
    }

    @Test("The clocks change at 01:00 UTC on the last Sunday of March and October")
    func changeInstants() {
        #expect(UKTime.summerTimeStarts(in: 2025) == Fixture.iso("2025-03-30T01:00:00Z"))
        #expect(UKTime.summerTimeEnds(in: 2025) == Fixture.iso("2025-10-26T01:00:00Z"))
        #expect(UKTime.summerTimeStarts(in: 2024) == Fixture.iso("2024-03-31T01:00:00Z"))
        #expect(UKTime.summerTimeEnds(in: 2024) == Fixture.iso("2024-10-27T01:00:00Z"))
        let start = UKTime.summerTimeStarts(in: 2025)
        #expect(UKTime.zone(at: start.addingTimeInterval(-0.001)) == .gmt)
        #expect(UKTime.zone(at: start) == .bst)
        let end = UKTime.summerTimeEnds(in: 2025)
        #expect(UKTime.zone(at: end.addingTimeInterval(-0.001)) == .bst)
        #expect(UKTime.zone(at: end) == .gmt)
    }

    @Test("A time in the spring gap is read with the offset before the change, or refused when strict")
    func springGap() throws {
        let t = try UKTime.instant(year: 2025, month: 3, day: 30, hour: 1, minute: 30)
        #expect(t == Fixture.iso("2025-03-30T01:30:00Z"))
        #expect(UKTime.describe(t, style: .abbreviation) == "02:30 BST on 30 March 2025")
        #expect(throws: UKTime.WallClockError.nonexistent("01:30 on 30 March 2025")) {
            try UKTime.instant(year: 2025, month: 3, day: 30, hour: 1, minute: 30, resolution: .strict)
        }
        // Either side of the gap is unambiguous.
        #expect(try UKTime.instant(year: 2025, month: 3, day: 30, hour: 0, minute: 59, second: 59)
                == Fixture.iso("2025-03-30T00:59:59Z"))
        #expect(try UKTime.instant(year: 2025, month: 3, day: 30, hour: 2) == Fixture.iso("2025-03-30T01:00:00Z"))
    }

    @Test("A time in the autumn overlap takes the earlier instant by default")
    func autumnOverlap() throws {
        let earlier = try UKTime.instant(year: 2025, month: 10, day: 26, hour: 1, minute: 30)
        #expect(earlier == Fixture.iso("2025-10-26T00:30:00Z"))
        let later = try UKTime.instant(year: 2025, month: 10, day: 26, hour: 1, minute: 30, resolution: .laterOffset)
        #expect(later == Fixture.iso("2025-10-26T01:30:00Z"))
        #expect(throws: UKTime.WallClockError.ambiguous("01:30 on 26 October 2025")) {
            try UKTime.instant(year: 2025, month: 10, day: 26, hour: 1, minute: 30, resolution: .strict)
        }
        #expect(UKTime.describe(earlier, style: .abbreviation) == "01:30 BST on 26 October 2025")
        #expect(UKTime.describe(later, style: .abbreviation) == "01:30 GMT on 26 October 2025")
    }

    @Test("Impossible dates and times are refused")
    func invalid() {
        #expect(throws: UKTime.WallClockError.invalidDate(year: 2025, month: 2, day: 29)) {
            try UKTime.instant(year: 2025, month: 2, day: 29, hour: 9)
        }
        #expect(throws: UKTime.WallClockError.invalidTime(hour: 24, minute: 0, second: 0)) {
            try UKTime.instant(year: 2025, month: 3, day: 1, hour: 24)
        }
        #expect(throws: UKTime.WallClockError.invalidDate(year: 2025, month: 13, day: 1)) {
            try UKTime.instant(year: 2025, month: 13, day: 1, hour: 9)
        }
        #expect((try? UKTime.instant(year: 2024, month: 2, day: 29, hour: 9)) != nil)
    }

    @Test("Instants are shown to people in UK time, with GMT or BST where asked")
    func display() {
        #expect(UKTime.describe(Fixture.iso("2025-03-21T17:00:00Z")) == "17:00 on 21 March 2025 (UK time)")
        #expect(UKTime.describe(Fixture.iso("2025-03-21T17:00:00Z"), style: .abbreviation) == "17:00 GMT on 21 March 2025")
        #expect(UKTime.describe(Fixture.iso("2024-10-04T16:00:00Z"), style: .abbreviation) == "17:00 BST on 4 October 2024")
        #expect(UKTime.describe(Fixture.iso("2025-03-21T16:59:59Z")) == "16:59:59 on 21 March 2025 (UK time)")
        // The UK date differs from the UTC date just before midnight in summer.
        #expect(UKTime.describe(Fixture.iso("2025-06-30T23:30:00Z")) == "00:30 on 1 July 2025 (UK time)")
    }

    @Test("Our rule agrees with the system's Europe/London zone every 30 minutes from 2000 to 2040")
    func agreesWithTimeZoneDatabase() throws {
        let london = try #require(TimeZone(identifier: "Europe/London"))
        var t = Fixture.iso("2000-01-01T00:00:00Z")
        let end = Fixture.iso("2040-01-01T00:00:00Z")
        var checked = 0
        while t < end {
            let expected = london.secondsFromGMT(for: t)
            if UKTime.zone(at: t).secondsFromUTC != expected {
                Issue.record("zone differs at \(t): system says \(expected)")
                return
            }
            t += 1800
            checked += 1
        }
        #expect(checked > 700_000)
    }

    @Test("Wall-clock entry round-trips through display for every hour of 2024 and 2025")
    func roundTrip() throws {
        for dayNumber in CivilDate(year: 2024, month: 1, day: 1)!.daysSinceEpoch...CivilDate(year: 2025, month: 12, day: 31)!.daysSinceEpoch {
            let day = CivilDate(daysSinceEpoch: dayNumber)
            for hour in 0..<24 {
                let t = try UKTime.instant(year: day.year, month: day.month, day: day.day, hour: hour, minute: 15)
                let w = UKTime.wallClock(at: t)
                let inGap = hour == 1 && day == CivilDate.lastSunday(ofMonth: 3, year: day.year)
                if inGap {
                    #expect(w.hour == 2)
                } else {
                    #expect(w.date == day && w.hour == hour && w.minute == 15, "\(day) \(hour):15")
                }
            }
        }
    }

    @Test("Civil dates: round trip, weekdays, last Sundays and year arithmetic")
    func civilDates() {
        for d in -800_000...800_000 where d % 97 == 0 {
            #expect(CivilDate(daysSinceEpoch: d).daysSinceEpoch == d)
        }
        #expect(CivilDate(year: 2025, month: 3, day: 21)!.weekday == 5)
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.weekday == 4)
        #expect(CivilDate.lastSunday(ofMonth: 3, year: 2025) == CivilDate(year: 2025, month: 3, day: 30))
        #expect(CivilDate.lastSunday(ofMonth: 10, year: 2024) == CivilDate(year: 2024, month: 10, day: 27))
        #expect(CivilDate(year: 2024, month: 2, day: 29)!.adding(years: 1) == CivilDate(year: 2025, month: 2, day: 28))
        #expect(CivilDate(year: 2025, month: 2, day: 30) == nil)
    }

    @Test("Milliseconds convert without drift")
    func milliseconds() {
        let t = Fixture.iso("2025-03-21T16:59:59.999Z")
        #expect(t.millisecondsSince1970 == 1_742_576_399_999)
        #expect(Date(millisecondsSince1970: 1_742_576_399_999) == t.truncatedToMilliseconds)
        #expect(Fixture.windowCloses.addingTimeInterval(-0.001).millisecondsSince1970 == 1_742_576_399_999)
    }
}
