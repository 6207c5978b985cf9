import HTTPServer

/// The session cookie: HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs),
/// Path=/, Secure when served over HTTPS. No Max-Age: the server decides when a session ends and the
/// browser forgets it when it closes.
enum SessionCookie {
    static func set(_ secret: String, settings: AccountSettings, on response: inout HTTPResponse) {
        if let cookie = try? SetCookie(name: settings.sessionCookieName, value: secret, path: "/", secure: settings.secureCookies,
                                       httpOnly: true, sameSite: .lax) {
            response.headers.add("Set-Cookie", cookie.headerValue)
        }
    }

    static func clear(settings: AccountSettings, on response: inout HTTPResponse) {
        if let cookie = try? SetCookie.removal(name: settings.sessionCookieName, path: "/", secure: settings.secureCookies) {
            response.headers.add("Set-Cookie", cookie.headerValue)
        }
    }
}
