import COpenSSL
import CSHA256Pair

/// A SHA-256 digest computed incrementally through OpenSSL, so that a file is hashed while it is
/// written or copied rather than read twice: an upload as it arrives (the HTTP server), a document as
/// it is stored, a backup as it is copied, the audit chain's links (the store).
///
/// Two uploads' bytes can be hashed together (`update(_:_:together:_:)`), at about half the CPU time
/// of one after the other where the processor has the SHA extensions: see `sha256_pair.h`.
/// That needs the state in OpenSSL's `SHA256_CTX`, not behind EVP.
///
/// A class, because an upload's digest is handed between the event loop and a writer thread with its
/// buffer; whoever holds it uses it alone.
public final class SHA256Hasher {
    private let context: UnsafeMutablePointer<SHA256_CTX>
    private var finished = false

    /// Whether this processor can hash two streams together; asked once.
    public static let pairs = content_sha256_pair_available()

    public init() {
        context = UnsafeMutablePointer<SHA256_CTX>.allocate(capacity: 1)
        content_sha256_init(context)
    }

    deinit { context.deallocate() }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        precondition(!finished, "SHA256Hasher.update after finalizeHex")
        content_sha256_update(context, bytes.baseAddress, bytes.count)
    }

    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Adds `bytes` to `first` and `others` to `second`, two different digests, hashing the two
    /// together as far as they both go in whole blocks and the rest of each alone.
    public static func update(_ first: SHA256Hasher, _ bytes: UnsafeRawBufferPointer,
                              together second: SHA256Hasher, _ others: UnsafeRawBufferPointer) {
        precondition(first !== second, "a digest paired with itself")
        precondition(!first.finished && !second.finished, "SHA256Hasher.update after finalizeHex")
        var together = 0
        if let a = bytes.baseAddress, let b = others.baseAddress {
            together = content_sha256_update_pair(first.context, a, second.context, b, min(bytes.count, others.count), pairs)
        }
        first.update(UnsafeRawBufferPointer(rebasing: bytes[together...]))
        second.update(UnsafeRawBufferPointer(rebasing: others[together...]))
    }

    /// The digest as 64 lower-case hexadecimal digits. Once only.
    public func finalizeHex() -> String {
        precondition(!finished, "SHA256Hasher.finalizeHex called twice")
        finished = true
        var digest = [UInt8](repeating: 0, count: 32)
        content_sha256_final(&digest, context)
        return Self.hex(digest)
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
