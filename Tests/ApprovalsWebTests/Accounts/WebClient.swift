import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 client over a real loopback socket that behaves like a browser where the tests
/// need it to: it keeps cookies, does not follow redirects (the tests look at them), and reads the
/// CSRF token out of the last page so that forms can be posted back as a person would.
/// Used by one synchronous test at a time: not Sendable, and it need not be.
final class WebClient {
    let port: UInt16
    var cookies: [String: String] = [:]
    var lastCSRFToken: String?
    var extraHeaders: [String: String] = [:]

    init(port: UInt16) { self.port = port }

    struct Response {
        let status: Int
        let headers: [(String, String)]
        let body: String

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        func headers(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
        var location: String? { header("Location") }
    }

    @discardableResult
    func get(_ path: String, headers: [String: String] = [:]) throws -> Response {
        try send("GET", path, headers: headers, body: nil)
    }

    /// Posts `fields` as a form; adds the CSRF token of the last page unless `csrf` says otherwise.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: CSRFChoice = .fromLastPage, headers: [String: String] = [:]) throws -> Response {
        var all = fields
        switch csrf {
        case .fromLastPage: if let token = lastCSRFToken { all.append(("csrf_token", token)) }
        case .value(let token): all.append(("csrf_token", token))
        case .none: break
        }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers = headers
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return try send("POST", path, headers: headers, body: Array(body.utf8))
    }

    enum CSRFChoice { case fromLastPage, value(String), none }

    func send(_ method: String, _ path: String, headers: [String: String], body: [UInt8]?) throws -> Response {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if !cookies.isEmpty { request += "Cookie: " + cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") + "\r\n" }
        for (name, value) in extraHeaders.merging(headers, uniquingKeysWith: { $1 }) { request += "\(name): \(value)\r\n" }
        if let body { request += "Content-Length: \(body.count)\r\n" }
        request += "\r\n"
        let raw = try Self.exchange(port: port, Array(request.utf8) + (body ?? []))
        let response = try Self.parse(raw)
        for value in response.headers("Set-Cookie") {
            let pair = value.split(separator: ";", maxSplits: 1)[0]
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]), cookieValue = String(pair[pair.index(after: equals)...])
            if value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = cookieValue }
        }
        if let range = response.body.range(of: #"name="csrf_token" value="([^"]*)""#, options: .regularExpression) {
            let match = response.body[range]
            lastCSRFToken = String(match.dropFirst(#"name="csrf_token" value=""#.count).dropLast())
        }
        return response
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    struct ClientError: Error { let message: String }

    static func exchange(port: UInt16, _ bytes: [UInt8]) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(message: "socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ClientError(message: "connect failed") }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw ClientError(message: "write failed") }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        return received
    }

    static func parse(_ raw: [UInt8]) throws -> Response {
        let text = String(decoding: raw, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw ClientError(message: "no header end in \(text.prefix(200))") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw ClientError(message: "bad status line \(lines[0])") }
        let headers = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}
