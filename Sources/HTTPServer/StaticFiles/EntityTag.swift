/// ETags for files and the matching of If-None-Match / If-Range (RFC 9110 §8.8.3, §13.1).
///
/// Our tags are strong and made from the file's metadata (inode, size and modification time in
/// nanoseconds), not from its content: hashing a large file on every request would cost more than
/// sending it, and any change through the file system changes one of the three.
enum EntityTag {
    static func forFile(inode: UInt64, size: Int, modifiedNanoseconds: Int) -> String {
        "\"\(String(inode, radix: 16))-\(String(size, radix: 16))-\(String(modifiedNanoseconds, radix: 16))\""
    }

    /// Whether an If-None-Match value matches `tag`, using the weak comparison §13.1.2 asks for.
    static func noneMatchHits(_ header: String, tag: String) -> Bool {
        let opaque = tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
        for candidate in header.split(separator: ",") {
            var candidate = candidate.trimmingSpaces()
            if candidate == "*" { return true }
            if candidate.hasPrefix("W/") { candidate = candidate.dropFirst(2) }
            if candidate == opaque { return true }
        }
        return false
    }
}
