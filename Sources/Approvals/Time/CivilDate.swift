/// A date on the proleptic Gregorian calendar with no time zone: the building block of the UK-time
/// conversions. The day arithmetic is done here, in pure integer code, so that converting a
/// wall-clock time never depends on the host's time zone database or `Calendar` behaviour in gaps.
public struct CivilDate: Hashable, Sendable, Codable, Comparable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil when the month or day does not exist (e.g. 30 February).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// For values already known to be valid (computed by this type's own arithmetic).
    init(checkedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1 January 1970.
    public init(daysSinceEpoch days: Int) {
        // Howard Hinnant's civil_from_days: eras of 400 years, March-based years.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1 January 1970 (negative before it).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 0 = Sunday ... 6 = Saturday.
    public var weekday: Int {
        let d = daysSinceEpoch
        // 1 January 1970 was a Thursday (4).
        return ((d % 7) + 7 + 4) % 7
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The last Sunday of a month: the day the UK's clocks change in March and October. A month
    /// outside 1...12 is clamped into it.
    public static func lastSunday(ofMonth month: Int, year: Int) -> CivilDate {
        let month = min(max(month, 1), 12)
        let last = CivilDate(checkedYear: year, month: month, day: daysIn(month: month, year: year))
        return CivilDate(daysSinceEpoch: last.daysSinceEpoch - last.weekday)
    }

    /// The same day and month `years` later; 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> CivilDate {
        let y = year + years
        return CivilDate(checkedYear: y, month: month, day: min(day, CivilDate.daysIn(month: month, year: y)))
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// "21 March 2025".
    public var longDescription: String { "\(day) \(CivilDate.monthNames[month - 1]) \(year)" }
}
