public import Approvals
import Foundation
public import HTTPServer

extension GuardedRoutes {
    /// A form that sends files (multipart/form-data). As with `form`, the CSRF token is checked before
    /// `handler` runs; a missing or wrong one brings the form back with 403 and what was typed, and
    /// the files received are deleted with the request (nothing half-kept).
    ///
    /// `maxBytes` bounds the whole body and is checked against Content-Length before a byte is read;
    /// `limits` bounds each part (a file's size among them), checked as the body streams to disk.
    /// `body` replaces the plain multipart body (files in the system's temporary folder) when given,
    /// for example to receive files where they will be kept; it must still produce a `MultipartForm`.
    public mutating func upload(_ pattern: String, _ action: AccessAction, _ resource: ProtectedResource, page: any FormPage,
                                maxBytes: Int, limits: MultipartLimits = .standard, body: RouteBody? = nil,
                                _ handler: @escaping @Sendable (HTTPRequest, Visit, MultipartForm) throws -> HTTPResponse) {
        declare(.post, pattern, RouteRule(action: action, resource: resource))
        router.post(pattern, body: body ?? .multipart(maxBytes: maxBytes, limits: limits)) { request in
            let visit = try request.visit
            let form = try request.multipartForm()
            guard CSRFToken.isValid(form.fields[CSRFField.name], sessionSecret: visit.csrfSecret) else {
                return try page.render(request, visit, FormState(form.fields, errors: [.csrf]), status: .forbidden)
            }
            return try handler(request, visit, form)
        }
    }
}
