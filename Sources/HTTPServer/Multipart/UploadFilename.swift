/// Turns the filename a client declared for an upload into something safe to show and to store as
/// metadata. The declared name is never used as a path: the stored file gets our own random name.
///
/// The rule: keep only the last component after any `/` or `\` (browsers on Windows once sent whole
/// paths); drop control and bidirectional-formatting characters (a name can otherwise pretend to end
/// in `.pdf`); replace `<>:"|?*` with `_`; trim spaces and leading dots (no `..`, no hidden files);
/// cut to 255 UTF-8 bytes, keeping a short extension. A name with nothing left is nil.
public enum UploadFilename {
    public static let maxBytes = 255

    public static func sanitised(_ declared: String) -> String? {
        let lastComponent = declared.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }.last ?? ""
        var scalars = String.UnicodeScalarView()
        for scalar in lastComponent.unicodeScalars where !isInvisibleOrControl(scalar) {
            switch scalar {
            case "<", ">", ":", "\"", "|", "?", "*": scalars.append("_")
            default: scalars.append(scalar)
            }
        }
        var name = Substring(String(scalars))
        while let first = name.first, first == "." || first.isWhitespace { name.removeFirst() }
        while let last = name.last, last.isWhitespace || last == "." { name.removeLast() }
        guard !name.isEmpty else { return nil }
        return truncated(String(name))
    }

    static func isInvisibleOrControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        // Left-to-right/right-to-left marks, embeddings, overrides and isolates; byte order mark.
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    /// Cuts `name` to `maxBytes` UTF-8 bytes on a character boundary, keeping an extension of up to
    /// 16 bytes so the type stays recognisable.
    static func truncated(_ name: String) -> String {
        guard name.utf8.count > maxBytes else { return name }
        var stem = Substring(name)
        var suffix = ""
        if let dot = name.lastIndex(of: "."), name.utf8[dot...].count <= 16 {
            stem = name[..<dot]
            suffix = String(name[dot...])
        }
        var result = ""
        for character in stem {
            if result.utf8.count + character.utf8.count + suffix.utf8.count > maxBytes { break }
            result.append(character)
        }
        return result + suffix
    }
}
