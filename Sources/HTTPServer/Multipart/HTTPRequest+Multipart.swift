/// Reading an upload in a handler.
extension HTTPRequest {
    /// The multipart/form-data body parsed by a route declared with `body: .multipart(...)`.
    /// Throws 400 if the route was not declared so, or the request had no body.
    public func multipartForm() throws -> MultipartForm {
        guard let form = body.payload(as: MultipartForm.self) else {
            throw HTTPError(.badRequest, "Expected a multipart/form-data body.")
        }
        return form
    }
}
