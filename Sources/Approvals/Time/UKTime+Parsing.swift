public import Foundation

extension UKTime {
    /// Reads what an HTML `datetime-local` field sends, `2025-03-21T17:00` or `2025-03-21T17:00:30`,
    /// as UK wall-clock time. Administrators enter windows this way; the result is an instant.
    public static func instant(parsingLocal text: String, resolution: Resolution = .earlierOffset)
        throws(WallClockError) -> Date {
        let trimmed = text.trimmed
        let halves = trimmed.split(separator: "T", omittingEmptySubsequences: false)
        guard halves.count == 2 else { throw .malformed(text) }
        let dateParts = halves[0].split(separator: "-", omittingEmptySubsequences: false)
        let timeParts = halves[1].split(separator: ":", omittingEmptySubsequences: false)
        let digitsOnly = { (part: Substring) in !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } }
        guard dateParts.count == 3, (2...3).contains(timeParts.count),
            dateParts[0].count == 4, dateParts[1].count == 2, dateParts[2].count == 2,
            timeParts.allSatisfy({ $0.count == 2 }), (dateParts + timeParts).allSatisfy(digitsOnly),
            let year = Int(dateParts[0]), let month = Int(dateParts[1]), let day = Int(dateParts[2]),
            let hour = Int(timeParts[0]), let minute = Int(timeParts[1])
        else { throw .malformed(text) }
        let second = timeParts.count == 3 ? Int(timeParts[2]) ?? 0 : 0
        return try instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                           resolution: resolution)
    }

    /// The UK wall-clock reading in the `datetime-local` form, to fill a form field back in.
    public static func localFieldValue(_ instant: Date) -> String {
        let w = wallClock(at: instant)
        var text = padded(w.date.year, 4) + "-" + padded(w.date.month, 2) + "-" + padded(w.date.day, 2)
            + "T" + padded(w.hour, 2) + ":" + padded(w.minute, 2)
        if w.second != 0 { text += ":" + padded(w.second, 2) }
        return text
    }

    /// The UK date of an instant for people, e.g. "21 March 2025".
    public static func describeDate(_ instant: Date) -> String {
        wallClock(at: instant).date.longDescription
    }
}
