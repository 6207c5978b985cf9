/// The GOV.UK pagination pattern for a numbered list: Previous and Next, the first and last page,
/// the pages either side of the current one, and ellipses for the gaps. Every link keeps the list's
/// filters, search and order (`query`, already URL-encoded).
struct StaffPagination {
    let path: String
    let query: String
    let current: Int
    let pages: Int

    func href(_ page: Int) -> String {
        path + "?" + (query.isEmpty ? "" : query + "&") + "page=\(page)"
    }

    /// The template's context, or nil for a list that fits on one page (no pagination shown).
    var context: [String: Any]? {
        guard pages > 1 else { return nil }
        var context: [String: Any] = ["current": current, "pages": pages]
        if current > 1 { context["previous"] = href(current - 1) }
        if current < pages { context["next"] = href(current + 1) }
        let shown = Set([1, current - 1, current, current + 1, pages].filter { (1...pages).contains($0) }).sorted()
        var items: [[String: Any]] = []
        for (index, page) in shown.enumerated() {
            if index > 0, page - shown[index - 1] > 1 { items.append(["ellipsis": true, "current": false]) }
            // Every key set on every item: Mustache would otherwise find the list's own `current`.
            items.append(["ellipsis": false, "number": page, "href": href(page), "current": page == current])
        }
        context["items"] = items
        context["hasItems"] = true
        return context
    }
}
