/// Reading what a client sent in a form, a query string or its cookies.
extension HTTPRequest {
    /// The query string's parameters (empty when there is none). Throws 400 for bad encoding.
    public func queryParameters(maxFields: Int = 1000) throws(FormFields.Failure) -> FormFields {
        guard let query = head.query else { return FormFields() }
        return try FormFields(urlEncoded: query, maxFields: maxFields)
    }

    /// The fields of an application/x-www-form-urlencoded body. Throws 415 for another content
    /// type, 413 above `maxBytes`, 400 for bad encoding.
    public func formFields(maxBytes: Int = 1 << 20, maxFields: Int = 1000) throws -> FormFields {
        let mediaType = headers.first("Content-Type")?.split(separator: ";", maxSplits: 1).first?.trimmingSpaces()
        guard let mediaType, mediaType.lowercased() == "application/x-www-form-urlencoded" else {
            throw HTTPError(.unsupportedMediaType, "Expected an application/x-www-form-urlencoded body.")
        }
        let bytes = try body.collect(upTo: maxBytes)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PercentDecoding.Failure.invalidUTF8
        }
        return try FormFields(urlEncoded: text, maxFields: maxFields)
    }

    /// The cookies of every Cookie header field.
    public var cookies: RequestCookies {
        RequestCookies(headerValues: headers.values("Cookie"))
    }
}
