public import Foundation

/// Time-based one-time passwords (RFC 6238, HMAC-SHA-1, 30-second steps, 6 digits): the second
/// factor for the Institute's staff, compatible with the usual authenticator apps.
public struct TOTP: Sendable {
    public let secret: [UInt8]
    public var digits: Int = 6
    public var step: TimeInterval = 30

    public init(secret: [UInt8]) { self.secret = secret }

    /// A new 160-bit secret, as RFC 4226 recommends.
    public static func generateSecret() -> [UInt8] { SecureRandom.bytes(20) }

    /// The code for the step that holds `instant`.
    public func code(at instant: Date) -> String {
        code(counter: UInt64(floor(instant.timeIntervalSince1970 / step)))
    }

    func code(counter: UInt64) -> String {
        let message = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64($0))) }
        let mac = Digest.hmac(.sha1, key: secret, message: message)
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// Accepts the code of the current step or of one step either side (clock drift), never one
    /// already used: the caller passes the last accepted counter and stores the one returned.
    public func verify(_ candidate: String, at instant: Date, lastUsedCounter: UInt64? = nil) -> UInt64? {
        let typed = candidate.filter { !$0.isWhitespace }
        guard typed.count == digits, typed.allSatisfy(\.isASCII), typed.allSatisfy(\.isNumber) else { return nil }
        let current = Int64(floor(instant.timeIntervalSince1970 / step))
        for delta in [0, -1, 1] {
            let counter = current + Int64(delta)
            guard counter >= 0 else { continue }
            if let last = lastUsedCounter, UInt64(counter) <= last { continue }
            if Digest.constantTimeEqual(Array(code(counter: UInt64(counter)).utf8), Array(typed.utf8)) {
                return UInt64(counter)
            }
        }
        return nil
    }
}

/// Base32 (RFC 4648), the alphabet authenticator apps expect for a TOTP secret.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8](), buffer: UInt32 = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte); bits += 8
            while bits >= 5 { bits -= 5; out.append(alphabet[Int((buffer >> UInt32(bits)) & 31)]) }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var out = [UInt8](), buffer: UInt32 = 0, bits = 0
        for ch in text.uppercased().utf8 where ch != UInt8(ascii: "=") && ch != UInt8(ascii: " ") {
            guard let value = alphabet.firstIndex(of: ch) else { return nil }
            buffer = (buffer << 5) | UInt32(value); bits += 5
            if bits >= 8 { bits -= 8; out.append(UInt8((buffer >> UInt32(bits)) & 0xff)) }
        }
        return out
    }
}
