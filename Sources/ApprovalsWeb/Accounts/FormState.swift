public import HTTPServer

/// A form as it goes back to the person: what they typed (never a password or a one-time code) and
/// what is wrong with it, in the shape the templates use for the GOV.UK error summary ("There is a
/// problem", a link to each field) and the message above each field.
public struct FormState: Sendable {
    public var values: [String: String]
    public var errors: [FieldError]

    /// Fields never sent back: secrets the person must type again, and the old CSRF token.
    static let unkept: Set<String> = ["password", "new_password", "confirm_password", "current_password", "code", CSRFField.name]

    public init(values: [String: String] = [:], errors: [FieldError] = []) {
        self.values = values
        self.errors = errors
    }

    public init(_ fields: FormFields, errors: [FieldError] = []) {
        var values: [String: String] = [:]
        for field in fields where !Self.unkept.contains(field.name) && values[field.name] == nil {
            values[field.name] = field.value
        }
        self.init(values: values, errors: errors)
    }

    /// The template context: `values.x`, `errorFor.x`, `errors` (field, message, `href`), `hasErrors`.
    public var context: [String: Any] {
        var errorFor: [String: String] = [:]
        for error in errors { if let field = error.field, errorFor[field] == nil { errorFor[field] = error.message } }
        return [
            "values": values,
            "errorFor": errorFor,
            "hasErrors": !errors.isEmpty,
            "errors": errors.map { error -> [String: Any] in
                var item: [String: Any] = ["message": error.message]
                if let field = error.field { item["href"] = "#" + field }
                return item
            },
        ]
    }
}

/// One thing wrong with a form: the field (its id in the page) and what to do, in GOV.UK's words.
public struct FieldError: Sendable, Equatable {
    public let field: String?
    public let message: String

    public init(_ field: String?, _ message: String) {
        self.field = field
        self.message = message
    }

    /// The form's CSRF token was missing or wrong (an old tab, a page kept open past a sign-in, or a
    /// forged request): nothing was done, and the person can send it again from the page returned.
    public static let csrf = FieldError(nil, "Nothing was saved because this form had expired or did not come from this service. Check your answers and send the form again.")
}

/// A page with a form that can be shown again with what was typed and what is wrong.
public protocol FormPage: Sendable {
    func render(_ request: HTTPRequest, _ visit: Visit, _ state: FormState, status: HTTPStatus) throws -> HTTPResponse
}
