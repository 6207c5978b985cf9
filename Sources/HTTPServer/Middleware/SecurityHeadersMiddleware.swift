/// Adds the browser-hardening header fields to every response, errors included: a Content Security
/// Policy that allows no inline script and no framing, `X-Content-Type-Options: nosniff`, a Referrer
/// Policy, `X-Frame-Options: DENY` for older browsers, and HSTS when configured.
///
/// A field the handler already set is left alone, so one page can loosen a rule on purpose. An error
/// thrown further in is rendered here (with `renderer`) so even that response gets the fields;
/// place `ErrorMiddleware` inside this one to choose the rendering yourself.
public struct SecurityHeadersMiddleware: Middleware {
    /// No inline script or style, nothing from other origins, no plugins, no framing, forms post only
    /// to us.
    public static let defaultContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    public var fields: HTTPHeaders
    public var renderer: ErrorRenderer

    /// - Parameter strictTransportSecurityMaxAge: seconds for HSTS; set it only when served over TLS.
    public init(
        contentSecurityPolicy: String = SecurityHeadersMiddleware.defaultContentSecurityPolicy,
        referrerPolicy: String = "same-origin",
        strictTransportSecurityMaxAge: Int? = nil,
        renderer: ErrorRenderer = .plainText
    ) {
        var fields: HTTPHeaders = [
            "Content-Security-Policy": contentSecurityPolicy,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": referrerPolicy,
            "X-Frame-Options": "DENY",
            "Cross-Origin-Opener-Policy": "same-origin",
        ]
        if let maxAge = strictTransportSecurityMaxAge {
            fields.add("Strict-Transport-Security", "max-age=\(maxAge); includeSubDomains")
        }
        self.fields = fields
        self.renderer = renderer
    }

    public func handle(_ request: HTTPRequest, next: (HTTPRequest) throws -> HTTPResponse) throws -> HTTPResponse {
        var response: HTTPResponse
        do {
            response = try next(request)
        } catch {
            response = renderer.render(RequestFailure(error), request)
        }
        for field in fields where !response.headers.contains(field.name) {
            response.headers.add(field.name, field.value)
        }
        return response
    }
}
