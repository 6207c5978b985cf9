import COpenSSL

/// Why TLS could not be set up, with OpenSSL's own reason where it gave one.
public enum TLSError: Error, Sendable, Equatable, CustomStringConvertible {
    case unusableFile(String, String)
    case keyDoesNotMatch(certificate: String, key: String)
    case openSSL(String, String)

    public var description: String {
        switch self {
        case let .unusableFile(path, reason):
            "\(path) cannot be used for TLS (is it PEM, readable by the server's user?): \(reason)"
        case let .keyDoesNotMatch(certificate, key):
            "The private key \(key) does not belong to the certificate \(certificate)."
        case let .openSSL(step, reason):
            "OpenSSL failed at \(step): \(reason)"
        }
    }

    /// Takes and clears OpenSSL's error queue of this thread, as text.
    static func drainQueue() -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? "no reason given" : reasons.joined(separator: "; ")
    }
}
