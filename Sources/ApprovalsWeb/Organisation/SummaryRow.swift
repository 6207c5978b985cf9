/// One row of a GOV.UK summary list (check your answers): the question, the answer (one line each
/// for lists), and where to change it. The row's id is the field's, so an error summary's link
/// lands on the answer to change.
struct SummaryRow {
    let id: String
    let key: String
    let lines: [String]
    var changeHref: String?

    init(_ id: String, _ key: String, _ value: String, change: String? = nil) {
        self.init(id, key, lines: [value], change: change)
    }

    init(_ id: String, _ key: String, lines: [String], change: String? = nil) {
        self.id = id
        self.key = key
        let kept = lines.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        self.lines = kept.isEmpty ? ["Not given"] : kept
        self.changeHref = change
    }

    var context: [String: Any] {
        var context: [String: Any] = ["id": id, "key": key, "lines": lines]
        if let changeHref { context["changeHref"] = changeHref }
        return context
    }

    static func contexts(_ rows: [SummaryRow]) -> [[String: Any]] { rows.map(\.context) }
}
