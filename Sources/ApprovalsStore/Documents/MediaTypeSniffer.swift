/// Names a file's media type from its first bytes, never from its name or the browser's claim, so
/// that a renamed executable is not shown to reviewers as a PDF.
public enum MediaTypeSniffer {
    /// How many leading bytes `sniff` looks at.
    public static let prefixLength = 64 * 1024

    public static func sniff(_ prefix: [UInt8]) -> String {
        if prefix.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if prefix.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if prefix.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if prefix.starts(with: [0x50, 0x4B, 0x03, 0x04]) || prefix.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            // Office Open XML files are ZIP archives whose part names tell the application apart;
            // the local file headers carry them in clear near the start of the file.
            if contains(prefix, "word/") { return "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }
            if contains(prefix, "xl/") { return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }
            return "application/zip"
        }
        if isText(prefix) { return looksLikeCSV(prefix) ? "text/csv" : "text/plain" }
        return "application/octet-stream"
    }

    private static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count else { return false }
        for start in 0...(bytes.count - pattern.count) where bytes[start] == pattern[0] {
            if bytes[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }

    /// UTF-8 without NUL or control characters other than tab, CR, LF and form feed. A multi-byte
    /// character cut by the end of the prefix is allowed.
    private static func isText(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return false }
        if bytes.contains(where: { $0 < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D].contains($0) }) || bytes.contains(0x7F) { return false }
        var end = bytes.count
        // Step back over a trailing incomplete sequence (at most 3 continuation/lead bytes).
        var back = 0
        while back < 3, end - back - 1 >= 0, bytes[end - back - 1] & 0xC0 == 0x80 { back += 1 }
        if end - back - 1 >= 0, bytes[end - back - 1] >= 0xC0 {
            let lead = bytes[end - back - 1]
            let needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1
            if back < needed { end = end - back - 1 }
        }
        return String(validating: bytes[0..<end], as: UTF8.self) != nil
    }

    /// At least two lines, the first with a comma, and the same number of commas in the first two
    /// lines: loose on purpose, the distinction only chooses how a file is offered for download.
    private static func looksLikeCSV(_ bytes: [UInt8]) -> Bool {
        let lines = bytes.split(separator: 0x0A, maxSplits: 2, omittingEmptySubsequences: true)
        guard lines.count >= 2 else { return false }
        let commas = lines.prefix(2).map { $0.filter { $0 == 0x2C }.count }
        return commas[0] > 0 && commas[0] == commas[1]
    }
}
