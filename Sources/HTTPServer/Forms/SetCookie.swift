/// A cookie to send in a Set-Cookie header field (RFC 6265 §4.1), checked before it is written so a
/// value can never break out of its field or smuggle in attributes.
///
/// ```swift
/// let session = try SetCookie(name: "__Host-session", value: token, maxAge: 3600, sameSite: .lax)
/// response.headers.add("Set-Cookie", session.headerValue)
/// ```
/// `secure` and `httpOnly` default to true: the safe choice is the one you get without asking.
public struct SetCookie: Sendable, Equatable {
    /// The SameSite attribute (RFC 6265bis).
    public enum SameSite: String, Sendable {
        case strict = "Strict"
        case lax = "Lax"
        case none = "None"
    }

    /// Why a cookie could not be built.
    public enum Failure: Error, Equatable, Sendable {
        /// The name is empty or not an RFC 9110 token.
        case invalidName
        /// The value has a byte outside RFC 6265's cookie-octet (space, `"`, `,`, `;`, `\`, controls,
        /// non-ASCII). Percent-encode or base64url it first.
        case invalidValue
        /// Path or Domain contains `;` or a control character.
        case invalidAttribute(String)
        /// `SameSite=None` without `Secure`, or a `__Secure-`/`__Host-` name without what its prefix
        /// requires (Secure; for `__Host-` also Path=/ and no Domain).
        case insecureCombination(String)
    }

    public var name: String
    public var value: String
    public var path: String?
    public var domain: String?
    /// Seconds until the cookie expires; 0 or less deletes it at once.
    public var maxAge: Int?
    /// Expiry as seconds since 1970 (UTC), written as an IMF-fixdate.
    public var expires: Int?
    public var secure: Bool
    public var httpOnly: Bool
    public var sameSite: SameSite?

    public init(
        name: String, value: String, path: String? = "/", domain: String? = nil, maxAge: Int? = nil,
        expires: Int? = nil, secure: Bool = true, httpOnly: Bool = true, sameSite: SameSite? = .lax
    ) throws(Failure) {
        guard !name.isEmpty, name.utf8.allSatisfy(SetCookie.isTokenByte) else { throw .invalidName }
        var valueBytes = Substring(value).utf8[...]
        // A value may be wrapped in one pair of double quotes (RFC 6265 cookie-value).
        if valueBytes.count >= 2, valueBytes.first == UInt8(ascii: "\""), valueBytes.last == UInt8(ascii: "\"") {
            valueBytes = valueBytes.dropFirst().dropLast()
        }
        guard valueBytes.allSatisfy(SetCookie.isCookieOctet) else { throw .invalidValue }
        for (attribute, text) in [("Path", path), ("Domain", domain)] {
            if let text, text.isEmpty || text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: ";") || $0 > 0x7E }) {
                throw .invalidAttribute(attribute)
            }
        }
        if sameSite == SameSite.none && !secure { throw .insecureCombination("SameSite=None needs Secure") }
        if name.hasPrefix("__Secure-") && !secure { throw .insecureCombination("__Secure- needs Secure") }
        if name.hasPrefix("__Host-") && (!secure || path != "/" || domain != nil) {
            throw .insecureCombination("__Host- needs Secure, Path=/ and no Domain")
        }
        self.name = name
        self.value = value
        self.path = path
        self.domain = domain
        self.maxAge = maxAge
        self.expires = expires
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
    }

    /// A cookie that tells the browser to forget `name` at once (Max-Age=0 and an expiry in 1970).
    public static func removal(
        name: String, path: String? = "/", domain: String? = nil, secure: Bool = true
    ) throws(Failure) -> SetCookie {
        try SetCookie(
            name: name, value: "", path: path, domain: domain, maxAge: 0, expires: 0, secure: secure,
            httpOnly: true, sameSite: .lax)
    }

    /// The field value for a `Set-Cookie` header.
    public var headerValue: String {
        var text = "\(name)=\(value)"
        if let path { text += "; Path=\(path)" }
        if let domain { text += "; Domain=\(domain)" }
        if let maxAge { text += "; Max-Age=\(max(0, maxAge))" }
        if let expires { text += "; Expires=\(IMFFixdate.format(secondsSince1970: expires))" }
        if secure { text += "; Secure" }
        if httpOnly { text += "; HttpOnly" }
        if let sameSite { text += "; SameSite=\(sameSite.rawValue)" }
        return text
    }

    /// RFC 6265 cookie-octet: visible ASCII except `"`, `,`, `;` and `\`.
    static func isCookieOctet(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21, 0x23...0x2B, 0x2D...0x3A, 0x3C...0x5B, 0x5D...0x7E: true
        default: false
        }
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        HeaderValueParameters.isTokenByte(byte)
    }
}
