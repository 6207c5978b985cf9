/// One question of an organisation's form page, described once in Swift and rendered by the
/// `organisation-field` partial in the GOV.UK pattern that fits it: a labelled text input or
/// textarea, radios or checkboxes in a fieldset with a legend, the date input, or the file upload.
/// The first control of each question carries the question's id, so the error summary's link
/// (`#id`) lands on it.
struct Question: Sendable {
    enum Kind: Sendable {
        case text
        case number
        case textarea(rows: Int)
        case radios([Choice])
        case checkboxes([Choice])
        /// Day, month, year, hour and minute, read as UK time by `UKDateTimeInput`.
        case dateTime
        /// One or more files (the file upload pattern).
        case files
    }

    /// One radio or checkbox.
    struct Choice: Sendable {
        let value: String
        let label: String
        var hint: String? = nil
    }

    let id: String
    let label: String
    var hint: String? = nil
    let kind: Kind

    /// The template context for this question with what was typed and its error.
    func context(_ state: FormState) -> [String: Any] {
        let value = state.values[id] ?? ""
        var error: String?
        for item in state.errors where item.field == id { error = item.message; break }
        var describedBy = [String]()
        if hint != nil { describedBy.append(id + "-hint") }
        if error != nil { describedBy.append(id + "-error") }
        var context: [String: Any] = ["id": id, "label": label, "value": value]
        if let hint { context["hint"] = hint }
        if let error { context["error"] = error }
        if !describedBy.isEmpty { context["describedBy"] = describedBy.joined(separator: " ") }
        switch kind {
        case .text: context["isText"] = true
        case .number: context["isNumber"] = true
        case .textarea(let rows): context["isTextarea"] = true; context["rows"] = rows
        case .radios(let choices): context["isRadios"] = true; context["choices"] = choiceContexts(choices, chosen: [value])
        case .checkboxes(let choices):
            context["isCheckboxes"] = true
            context["choices"] = choiceContexts(choices, chosen: Set(value.split(separator: "\n").map(String.init)))
        case .dateTime:
            context["isDateTime"] = true
            for part in ["month", "year", "hour", "minute"] { context[part] = state.values[id + "-" + part] ?? "" }
        case .files: context["isFiles"] = true
        }
        return context
    }

    private func choiceContexts(_ choices: [Choice], chosen: Set<String>) -> [[String: Any]] {
        choices.enumerated().map { index, choice in
            var item: [String: Any] = ["value": choice.value, "label": choice.label, "name": id,
                                       "optionID": index == 0 ? id : "\(id)-\(index + 1)", "checked": chosen.contains(choice.value)]
            if let hint = choice.hint { item["hint"] = hint }
            return item
        }
    }
}
