/// The opaque cursor of a list or of the change feed: a position, wrapped so that clients do not
/// build their own (`v1.` leaves room to change what it holds without breaking stored cursors).
/// A position never changes once a row exists, so the cursor is stable across calls and restarts.
enum APICursor {
    static func encode(_ position: Int64) -> String {
        Base64URL.encode(Array("v1.\(position)".utf8))
    }

    /// The position in `text`; nil when it is not a cursor this API made.
    static func decode(_ text: String) -> Int64? {
        guard text.count <= 64, let bytes = Base64URL.decode(text) else { return nil }
        let plain = String(decoding: bytes, as: UTF8.self)
        guard plain.hasPrefix("v1."), let position = Int64(plain.dropFirst(3)), position >= 0 else { return nil }
        return position
    }
}
