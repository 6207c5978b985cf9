import COpenSSL
import ContentHash

/// New record identifiers: 128 random bits from OpenSSL's CSPRNG, written as a version 4 UUID in
/// lower case. Unguessable, so an identifier in a URL reveals nothing about how many records exist.
enum RandomIdentifier {
    static func make() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        // RAND_bytes fails only when the generator cannot be seeded: no identifier is safe then.
        precondition(RAND_bytes(&bytes, 16) == 1, "RAND_bytes failed: OpenSSL's generator is not seeded")
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = SHA256Hasher.hex(bytes)
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
