import Approvals
import Foundation
import HTTPServer

/// Renders an account page in the layout, with what every page of a signed-in person carries: the
/// navigation (name, account link, sign-out form) and the CSRF token for the page's own forms.
/// Account pages are never cached: they show who is signed in and sometimes a secret shown once.
struct AccountPage: Sendable {
    let pages: PageRenderer

    func render(_ template: String, _ visit: Visit, _ context: [String: Any] = [:], form: FormState? = nil,
                status: HTTPStatus = .ok) throws -> HTTPResponse {
        var full = context
        full["csrfToken"] = visit.csrfToken
        if let actor = visit.actor, !actor.isAPIClient {
            full["navigation"] = [
                "name": actor.displayName,
                "canManageUsers": actor.has(.admin) || actor.has(.aoAdmin),
                "canManageTokens": actor.has(.admin),
            ] as [String: Any]
        }
        if let form { full.merge(form.context) { _, new in new } }
        var response = HTTPResponse.html(try pages.render(template, full), status: status)
        response.headers.replaceOrAdd("Cache-Control", "no-store")
        return response
    }
}

/// A form page backed by one template and a fixed extra context.
struct TemplateFormPage: FormPage {
    let page: AccountPage
    let template: String
    var context: @Sendable (HTTPRequest, Visit) throws -> [String: Any] = { _, _ in [:] }

    func render(_ request: HTTPRequest, _ visit: Visit, _ state: FormState, status: HTTPStatus) throws -> HTTPResponse {
        try page.render(template, visit, try context(request, visit), form: state, status: status)
    }
}

extension HTTPRequest {
    /// The client's address without the port (`127.0.0.1`, `::1`), for throttling and the audit trail.
    var clientAddress: String {
        guard var address = head.remoteAddress else { return "unknown" }
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<close])
        }
        if address.filter({ $0 == ":" }).count == 1, let colon = address.lastIndex(of: ":") { address = String(address[..<colon]) }
        return address
    }

    /// The scheme and host links in messages start with. Never taken from the request's Host header,
    /// which a client chooses: a forged one would send a password link to someone else's server.
    func linkBase(_ settings: AccountSettings) -> String {
        let base = settings.publicBaseURL ?? "http://localhost:8080"
        return base.hasSuffix("/") ? String(base.dropLast()) : base
    }
}

/// Times shown to people: UK time, as DOMAIN.md asks.
enum DisplayTime {
    static func text(_ instant: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "Europe/London")
        formatter.dateFormat = "d MMMM yyyy 'at' h:mma"
        return formatter.string(from: instant).replacingOccurrences(of: "AM", with: "am").replacingOccurrences(of: "PM", with: "pm")
    }
}
