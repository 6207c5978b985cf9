import Foundation

/// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5): tokens travel in cookies, links
/// and headers, where `+`, `/` and `=` would need escaping.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        // Byte by byte rather than Foundation's string replacement, which is slow on Linux and
        // runs on every page that carries a form token.
        var out = [UInt8]()
        for byte in Data(bytes).base64EncodedData() {
            switch byte {
            case UInt8(ascii: "+"): out.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map { [UInt8]($0) }
    }
}
