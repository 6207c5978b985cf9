import Approvals
import Foundation

/// When the answer to a clarification request is due, as the awarding organisation reads it:
/// "Respond by 5pm on 3 March 2026 (GMT)" in UK time, and, once that instant has passed (the due
/// instant itself counts as passed, as with windows), a note that says so in words.
struct ClarificationDeadline {
    let due: Date
    let now: Date

    var line: String { "Respond by \(Self.describe(due))" }

    var isOverdue: Bool { now >= due }

    /// Said in words (never by colour alone), with the way forward.
    var overdueNote: String? {
        isOverdue ? "The reviewer asked for your answer by \(Self.describe(due)). Send it as soon as you can; you can still send it here." : nil
    }

    var context: [String: Any] {
        var context: [String: Any] = ["line": line]
        if let overdueNote { context["overdue"] = overdueNote }
        return context
    }

    /// GOV.UK style: "5pm", "9:30am", "midday"; midnight is named as the start of the day so that
    /// it cannot be read as the end of it. Seconds are shown only when not zero.
    static func describe(_ instant: Date) -> String {
        let clock = UKTime.wallClock(at: instant)
        let date = clock.date.longDescription
        let zone = clock.zone.rawValue
        switch (clock.hour, clock.minute, clock.second) {
        case (0, 0, 0): return "midnight at the start of \(date) (\(zone))"
        case (12, 0, 0): return "midday on \(date) (\(zone))"
        default:
            let hour = clock.hour % 12 == 0 ? 12 : clock.hour % 12
            var time = String(hour)
            if clock.minute != 0 || clock.second != 0 { time += ":" + (clock.minute < 10 ? "0" : "") + String(clock.minute) }
            if clock.second != 0 { time += ":" + (clock.second < 10 ? "0" : "") + String(clock.second) }
            return "\(time)\(clock.hour < 12 ? "am" : "pm") on \(date) (\(zone))"
        }
    }
}
