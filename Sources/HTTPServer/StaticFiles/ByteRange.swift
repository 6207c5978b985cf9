/// The one byte range a client asked for in `Range: bytes=…` (RFC 9110 §14.1.2), resolved against
/// the file's length.
///
/// Only a single range is served. A request for several ranges is answered with the whole file
/// (200), as RFC 9110 allows: multipart/byteranges costs more than it saves for files of this size.
/// A header that is not a valid bytes range is ignored the same way.
enum ByteRangeRequest: Equatable {
    /// Serve the whole file with 200.
    case whole
    /// Serve these bytes with 206.
    case partial(Range<Int>)
    /// Answer 416 with `Content-Range: bytes */length`.
    case unsatisfiable

    init(header: String?, length: Int) {
        guard let header else {
            self = .whole
            return
        }
        let trimmed = Substring(header).trimmingSpaces()
        guard trimmed.lowercased().hasPrefix("bytes=") else {
            self = .whole
            return
        }
        let spec = trimmed.dropFirst("bytes=".count).trimmingSpaces()
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else {
            self = .whole
            return
        }
        let first = spec[spec.startIndex..<dash].trimmingSpaces()
        let last = spec[spec.index(after: dash)...].trimmingSpaces()
        func number(_ text: Substring) -> Int? {
            guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                return nil
            }
            return Int(text)
        }
        if first.isEmpty {
            // A suffix: the last N bytes.
            guard let suffix = number(last) else {
                self = .whole
                return
            }
            guard suffix > 0, length > 0 else {
                self = .unsatisfiable
                return
            }
            self = .partial(max(0, length - suffix)..<length)
            return
        }
        guard let start = number(first) else {
            self = .whole
            return
        }
        var end = length - 1
        if !last.isEmpty {
            guard let requestedEnd = number(last), requestedEnd >= start else {
                self = .whole
                return
            }
            end = min(requestedEnd, length - 1)
        }
        guard start < length else {
            self = .unsatisfiable
            return
        }
        self = .partial(start..<(end + 1))
    }
}
