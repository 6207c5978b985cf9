import HTTPServer

/// What one question page shows around its questions: heading, caption, where it posts, the
/// button's words and the way back.
struct QuestionPageContent {
    var heading: String
    var caption: String?
    var intro: [String] = []
    /// A notice above the form (for example that saving sends a new version).
    var inset: String?
    /// A way forward shown under the notice (for example, to ask for a late-submission exception).
    var link: (href: String, text: String)?
    /// When an answer is due (a clarification request), on its own line under the intro.
    var deadline: ClarificationDeadline?
    var action: String
    var button = "Save and continue"
    var backHref: String
    var questions: [Question]
    var multipart = false
    var hidden: [(name: String, value: String)] = []

    func context(_ state: FormState) -> [String: Any] {
        var context: [String: Any] = [
            "heading": heading, "intro": intro, "action": action, "button": button, "backHref": backHref,
            "multipart": multipart, "questions": questions.map { $0.context(state) },
            "hidden": hidden.map { ["name": $0.name, "value": $0.value] },
        ]
        if let caption { context["caption"] = caption }
        if let inset { context["inset"] = inset }
        if let link { context["link"] = ["href": link.href, "text": link.text] }
        if let deadline { context["deadline"] = deadline.context }
        return context
    }
}

/// A question page as a `FormPage`: rendered empty, from a record, or again with what was typed and
/// what is wrong. The content is worked out per request because it names the record.
struct QuestionFormPage: FormPage {
    let page: AccountPage
    let content: @Sendable (HTTPRequest, Visit) throws -> QuestionPageContent

    func render(_ request: HTTPRequest, _ visit: Visit, _ state: FormState, status: HTTPStatus) throws -> HTTPResponse {
        try page.render("organisation-question", visit, try content(request, visit).context(state), form: state, status: status)
    }
}
