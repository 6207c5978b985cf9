public import Foundation

/// Conversions between instants and UK wall-clock time (Europe/London), done in pure integer
/// arithmetic from the rule of the Summer Time Order rather than the host's time zone database, so
/// that results are the same on every machine and in every container.
///
/// The rule: British Summer Time (UTC+1) runs from 01:00 UTC on the last Sunday of March to
/// 01:00 UTC on the last Sunday of October; Greenwich Mean Time (UTC+0) the rest of the year.
/// (Correct from 1996 onwards, which covers every cycle this service handles.)
public enum UKTime {
    /// Which of the two UK offsets applies.
    public enum Zone: String, Sendable, Codable {
        case gmt = "GMT"
        case bst = "BST"

        public var secondsFromUTC: Int { self == .bst ? 3600 : 0 }
    }

    /// How a wall-clock time that occurs twice (the hour before 02:00 BST on the last Sunday of
    /// October) or never (01:00–01:59 on the last Sunday of March) is turned into an instant.
    public enum Resolution: Sendable, Equatable {
        /// Our documented default. In the October overlap the earlier instant (still BST) is taken,
        /// so a deadline entered as 01:30 is never later than the person meant. In the March gap
        /// the time is read with the offset in force before the change (GMT), which is the same as
        /// moving the clock forward an hour: 01:30 becomes 02:30 BST.
        case earlierOffset
        /// In the overlap take the later instant (GMT); in the gap, as `earlierOffset`.
        case laterOffset
        /// Refuse both ambiguous and non-existent wall-clock times.
        case strict
    }

    /// Why a wall-clock date-time could not be made into an instant.
    public enum WallClockError: Error, Equatable, Sendable {
        case invalidDate(year: Int, month: Int, day: Int)
        case invalidTime(hour: Int, minute: Int, second: Int)
        /// The time falls in the hour skipped when the clocks go forward.
        case nonexistent(String)
        /// The time happens twice when the clocks go back.
        case ambiguous(String)
        /// The text is not a date-time in the expected form.
        case malformed(String)
    }

    /// The instant BST starts in a year (01:00 UTC, last Sunday of March).
    public static func summerTimeStarts(in year: Int) -> Date {
        let day = CivilDate.lastSunday(ofMonth: 3, year: year)
        return Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch * 86_400 + 3600))
    }

    /// The instant BST ends in a year (01:00 UTC, last Sunday of October).
    public static func summerTimeEnds(in year: Int) -> Date {
        let day = CivilDate.lastSunday(ofMonth: 10, year: year)
        return Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch * 86_400 + 3600))
    }

    /// GMT or BST at an instant.
    public static func zone(at instant: Date) -> Zone {
        let year = CivilDate(daysSinceEpoch: Int(floorDiv(Int64(instant.timeIntervalSince1970.rounded(.down)), 86_400))).year
        return instant >= summerTimeStarts(in: year) && instant < summerTimeEnds(in: year) ? .bst : .gmt
    }

    /// The instant for a UK wall-clock date-time, e.g. 17:00 on 21 March 2025.
    public static func instant(
        year: Int, month: Int, day: Int, hour: Int, minute: Int = 0, second: Int = 0,
        resolution: Resolution = .earlierOffset
    ) throws(WallClockError) -> Date {
        guard let date = CivilDate(year: year, month: month, day: day) else {
            throw .invalidDate(year: year, month: month, day: day)
        }
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else {
            throw .invalidTime(hour: hour, minute: minute, second: second)
        }
        let wall = date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second
        // Try both offsets; keep those whose instant really is in that offset.
        let asBST = Date(timeIntervalSince1970: TimeInterval(wall - 3600))
        let asGMT = Date(timeIntervalSince1970: TimeInterval(wall))
        let bstValid = zone(at: asBST) == .bst
        let gmtValid = zone(at: asGMT) == .gmt
        let label = padded(hour, 2) + ":" + padded(minute, 2) + " on " + date.longDescription
        switch (bstValid, gmtValid) {
        case (true, false): return asBST
        case (false, true): return asGMT
        case (true, true):
            switch resolution {
            case .earlierOffset: return asBST
            case .laterOffset: return asGMT
            case .strict: throw .ambiguous(label)
            }
        case (false, false):
            if resolution == .strict { throw .nonexistent(label) }
            return asGMT
        }
    }

    /// The UK wall-clock reading of an instant.
    public static func wallClock(at instant: Date) -> (date: CivilDate, hour: Int, minute: Int, second: Int, zone: Zone) {
        let z = zone(at: instant)
        let local = Int64(instant.timeIntervalSince1970.rounded(.down)) + Int64(z.secondsFromUTC)
        let days = floorDiv(local, 86_400)
        let secs = Int(local - days * 86_400)
        return (CivilDate(daysSinceEpoch: Int(days)), secs / 3600, (secs % 3600) / 60, secs % 60, z)
    }

    /// How the zone is stated when an instant is shown to a person.
    public enum ZoneStyle: Sendable {
        /// "17:00 on 21 March 2025 (UK time)" — the default on pages and in messages.
        case ukTime
        /// "17:00 GMT on 21 March 2025" — where GMT or BST must be stated.
        case abbreviation
    }

    /// An instant for people: "17:00 on 21 March 2025 (UK time)". Seconds are shown only when not
    /// zero, so that a last-second instant reads "16:59:59" rather than a misleading "16:59".
    public static func describe(_ instant: Date, style: ZoneStyle = .ukTime) -> String {
        let w = wallClock(at: instant)
        var time = padded(w.hour, 2) + ":" + padded(w.minute, 2)
        if w.second != 0 { time += ":" + padded(w.second, 2) }
        switch style {
        case .ukTime: return "\(time) on \(w.date.longDescription) (UK time)"
        case .abbreviation: return "\(time) \(w.zone.rawValue) on \(w.date.longDescription)"
        }
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
