import Approvals
import Foundation
import HTTPServer

/// A cycle's form as sent: names, scope and windows, with every window read as UK time. Problems are
/// collected for the error summary, each naming its field.
struct CycleForm {
    /// The windows' fields: (field prefix, window, label).
    static let windows: [(String, WindowKind, String)] = [
        ("registration", .registrationOfIntent, "Registration of intent window"),
        ("proposal", .proposal, "Proposal window"),
        ("submission", .submission, "Submission window"),
    ]

    var name = ""
    var level: QualificationLevel?
    var number: Int?
    var categories: Set<QualificationCategory> = []
    var routes: Set<Route> = []
    var windows: [WindowKind: TimeWindow] = [:]
    var feedbackDue: Date?
    /// The month approved qualifications are first taught: a calendar month, not an instant, so it
    /// has no time of day and no GMT or BST.
    var firstTeaching: FirstTeaching?
    var errors: [FieldError] = []

    init(_ fields: FormFields, needsIdentity: Bool) {
        name = StaffText.trimmed(fields["name"])
        if needsIdentity {
            if name.isEmpty { errors.append(FieldError("name", "Enter the cycle's name, like Level 3 spring 2026")) }
            level = Int(fields["level"] ?? "").flatMap(QualificationLevel.init(rawValue:))
            if level == nil { errors.append(FieldError("level", "Select the level of the cycle")) }
            number = Int(StaffText.trimmed(fields["number"]))
            if number.map({ $0 < 1 }) ?? true { errors.append(FieldError("number", "Enter the cycle's number in the programme, like 3")) }
        }
        categories = Set(fields.values("categories").compactMap(QualificationCategory.init(rawValue:)))
        routes = Set(fields.values("routes").compactMap(Route.init(rawValue:)))
        if categories.isEmpty { errors.append(FieldError("categories", "Select at least one category in scope")) }
        if routes.isEmpty { errors.append(FieldError("routes", "Select at least one route in scope")) }
        for (prefix, kind, label) in Self.windows {
            let opensText = StaffText.trimmed(fields["\(prefix)_opens"]), closesText = StaffText.trimmed(fields["\(prefix)_closes"])
            if opensText.isEmpty && closesText.isEmpty { continue }
            let opens = StaffText.parseUKTime(opensText), closes = StaffText.parseUKTime(closesText)
            if opens == nil { errors.append(FieldError("\(prefix)_opens", "Enter when the \(label.lowercased()) opens, in UK time, like 2026-03-09 09:00")) }
            if closes == nil { errors.append(FieldError("\(prefix)_closes", "Enter when the \(label.lowercased()) closes, in UK time, like 2026-03-20 17:00")) }
            if let opens, let closes {
                if let window = TimeWindow(opens: opens, closes: closes) { windows[kind] = window }
                else { errors.append(FieldError("\(prefix)_closes", "The \(label.lowercased()) must close after it opens")) }
            }
        }
        let dueText = StaffText.trimmed(fields["feedback_due"])
        if !dueText.isEmpty {
            feedbackDue = StaffText.parseUKTime(dueText)
            if feedbackDue == nil { errors.append(FieldError("feedback_due", "Enter when proposal feedback is due, in UK time, like 2026-05-29 17:00")) }
        }
        readFirstTeaching(fields)
    }

    /// Month and year of first teaching, both empty for none (the GOV.UK date pattern without a day).
    private mutating func readFirstTeaching(_ fields: FormFields) {
        let monthText = StaffText.trimmed(fields["first_teaching_month"]), yearText = StaffText.trimmed(fields["first_teaching_year"])
        if monthText.isEmpty && yearText.isEmpty { return }
        let month = Int(monthText), year = Int(yearText)
        if month == nil || !(1...12).contains(month ?? 0) {
            errors.append(FieldError("first_teaching_month", "The month of first teaching must be a number from 1 to 12, like 8 for August"))
        }
        guard let year, yearText.count == 4 else {
            errors.append(FieldError("first_teaching_year", "The year of first teaching must have four digits, like 2027"))
            return
        }
        if let month { firstTeaching = FirstTeaching(year: year, month: month) }
    }

    var cycleWindows: CycleWindows {
        CycleWindows(registrationOfIntent: windows[.registrationOfIntent], proposal: windows[.proposal], proposalFeedbackDue: feedbackDue,
                     submission: windows[.submission])
    }

    /// The form's values for a cycle being edited.
    static func values(of cycle: Cycle) -> [String: String] {
        var values = ["name": cycle.name, "feedback_due": cycle.windows.proposalFeedbackDue.map(StaffText.field) ?? ""]
        if let first = cycle.firstTeaching {
            values["first_teaching_month"] = String(first.month)
            values["first_teaching_year"] = String(first.year)
        }
        for (prefix, kind, _) in windows {
            if let window = cycle.window(kind) {
                values["\(prefix)_opens"] = StaffText.field(window.opens)
                values["\(prefix)_closes"] = StaffText.field(window.closes)
            }
        }
        return values
    }

    /// Checkbox and window rows for the template, ticked from what was sent or, failing that, the cycle.
    static func choices(fields: FormFields?, cycle: Cycle?) -> [String: Any] {
        let chosenCategories = fields.map { Set($0.values("categories")) } ?? Set(cycle?.categories.map(\.rawValue) ?? [])
        let chosenRoutes = fields.map { Set($0.values("routes")) } ?? Set(cycle?.routes.map(\.rawValue) ?? [])
        return [
            "categoryChoices": QualificationCategory.allCases.map { ["value": $0.rawValue, "label": $0.title, "checked": chosenCategories.contains($0.rawValue)] },
            "routeChoices": Route.allCases.map { ["value": $0.rawValue, "label": $0.title, "checked": chosenRoutes.contains($0.rawValue)] },
            "shown": Dictionary(uniqueKeysWithValues: windows.map { prefix, kind, _ in
                (prefix, cycle?.window(kind).map { "\(StaffText.time($0.opens)) to \(StaffText.time($0.closes))" } ?? "Not set")
            }),
            "firstTeachingShown": cycle?.firstTeaching?.description ?? "Not set",
        ]
    }
}
