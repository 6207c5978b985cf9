import COpenSSL

/// A SHA-256 digest computed incrementally through OpenSSL's EVP interface, so that a file is hashed
/// while it is written or copied rather than read twice: an upload as it arrives (the HTTP server),
/// a document as it is stored, a backup as it is copied, the audit chain's links (the store).
///
/// A class, because an upload's digest is handed between the event loop and a writer thread with its
/// buffer; whoever holds it uses it alone.
public final class SHA256Hasher {
    private let context: OpaquePointer
    private var finished = false

    public init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: out of memory") }
        // A failure here means OpenSSL lacks SHA-256 altogether; nothing sensible can continue.
        precondition(EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1, "EVP_DigestInit_ex(SHA-256) failed")
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        precondition(EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1, "EVP_DigestUpdate failed")
    }

    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest as 64 lower-case hexadecimal digits. Once only: OpenSSL's context is spent.
    public func finalizeHex() -> String {
        precondition(!finished, "SHA256Hasher.finalizeHex called twice")
        finished = true
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context, &digest, &length) == 1 && length == 32, "EVP_DigestFinal_ex failed")
        return Self.hex(digest.prefix(32))
    }

    /// SHA-256 of a whole byte string, in hexadecimal.
    public static func hex(of bytes: [UInt8]) -> String {
        let hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalizeHex()
    }

    /// Bytes as lower-case hexadecimal digits, two to a byte.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
