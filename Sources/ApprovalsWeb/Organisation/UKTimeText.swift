import Approvals
import Foundation

/// Instants as the awarding organisations' pages show them: UK wall-clock time with GMT or BST
/// stated ("17:00 GMT on 21 March 2025"), from the domain's own Europe/London rule, so that a page
/// never depends on the host's time zone.
enum UKTimeText {
    static func describe(_ instant: Date) -> String {
        UKTime.describe(instant, style: .abbreviation)
    }

    /// An optional instant, or a dash when there is none.
    static func describe(_ instant: Date?) -> String {
        instant.map(describe) ?? "–"
    }
}

/// A plain countdown to a deadline, computed from the service clock ("closes in 3 days 4 hours").
/// Whole units only, rounded down, so that it never promises more time than is left.
enum DeadlineCountdown {
    static func remaining(from now: Date, to deadline: Date) -> String? {
        let seconds = Int(deadline.timeIntervalSince(now).rounded(.down))
        guard seconds > 0 else { return nil }
        let days = seconds / 86_400, hours = (seconds % 86_400) / 3600, minutes = (seconds % 3600) / 60
        func unit(_ count: Int, _ name: String) -> String { "\(count) \(name)\(count == 1 ? "" : "s")" }
        if days > 0 { return hours > 0 ? "\(unit(days, "day")) \(unit(hours, "hour"))" : unit(days, "day") }
        if hours > 0 { return minutes > 0 ? "\(unit(hours, "hour")) \(unit(minutes, "minute"))" : unit(hours, "hour") }
        return minutes > 0 ? unit(minutes, "minute") : "less than a minute"
    }

    /// "closes in 3 days 4 hours", "opens in 2 days", "closed".
    static func phrase(_ window: TimeWindow, now: Date) -> String {
        if window.hasNotOpened(at: now) { return "opens in " + (remaining(from: now, to: window.opens) ?? "less than a minute") }
        if let left = remaining(from: now, to: window.closes) { return "closes in " + left }
        return "closed"
    }
}

/// A wall-clock date and time typed into the GOV.UK date input (day, month, year) plus hour and
/// minute, read as UK time.
struct UKDateTimeInput {
    let field: String

    /// What was typed: an instant, or the message to show by the field.
    enum Reading {
        case instant(Date)
        case problem(FieldError)
    }

    func read(_ values: [String: String]) -> Reading {
        func number(_ part: String) -> Int? { Int((values[part] ?? "").trimmingCharacters(in: .whitespaces)) }
        guard let day = number(field), let month = number(field + "-month"), let year = number(field + "-year") else {
            return .problem(FieldError(field, "Enter the date of the event as numbers, for example 21 3 2025"))
        }
        guard let hour = number(field + "-hour"), let minute = number(field + "-minute") else {
            return .problem(FieldError(field, "Enter the time of the event in hours and minutes, for example 16 and 20"))
        }
        guard (1000...9999).contains(year) else { return .problem(FieldError(field, "Enter the year as four digits, for example 2025")) }
        do {
            return .instant(try UKTime.instant(year: year, month: month, day: day, hour: hour, minute: minute))
        } catch {
            return .problem(FieldError(field, "Enter a real date and time, for example 21 3 2025 at 16:20"))
        }
    }
}
