import GRDB
import GRDBSQLite

/// JSON text being written, byte by byte, for the API's busiest answers (a list page, the change
/// feed): items SQLite keeps already written (see `json(_:_:)`) and the page's own keys and links
/// are copied in, so no dictionary, no `String` per field and no sorting stands between the rows
/// and the bytes. Keys are in sorted order, the order the OpenAPI document lists them in and the
/// order `APIValue.jsonBytes` writes, so both give the same bytes.
///
/// The bytes live in one array allocated up front and longer than what is written (`count` says how
/// much is): each write is one copy into room already there, rather than many small appends that
/// each check and grow the array.
public struct APIJSON: Sendable {
    /// `storage[0..<count]` is the JSON written so far; the rest is room, its contents meaningless.
    private var storage: [UInt8]
    public private(set) var count = 0

    public init(capacity: Int = 32_768) {
        storage = Self.room(Swift.max(capacity, 64))
    }

    /// The JSON written so far: a copy of exactly that many bytes, in one `memcpy`. (Cutting the
    /// room off the array in place copied the page element by element, the array being shared with
    /// the caller's variable.)
    public var bytes: [UInt8] {
        let count = count
        return storage.withUnsafeBufferPointer { written in
            [UInt8](unsafeUninitializedCapacity: count) { copy, initialised in
                if count > 0 { copy.baseAddress!.update(from: written.baseAddress!, count: count) }
                initialised = count
            }
        }
    }

    /// The JSON written, for the response, handed over without a copy: the room after it is cut off
    /// the array in place (it is this writer's alone once taken out of it), and the writer is left
    /// empty.
    public mutating func finished() -> [UInt8] {
        var written: [UInt8] = []
        swap(&written, &storage)
        written.removeLast(written.count - count)
        count = 0
        return written
    }

    /// Literal JSON punctuation and keys, written as they are (the caller makes them valid).
    public mutating func raw(_ text: StaticString) {
        let length = text.utf8CodeUnitCount
        write(maximum: length) { out in
            out.update(from: text.utf8Start, count: length)
            return length
        }
    }

    /// A string through the general writer's escaping: only the page's cursor and links are written
    /// this way (the items come written from SQLite), so a handful a request.
    public mutating func string(_ text: String) {
        var escaped: [UInt8] = []
        APIValue.writeString(text, into: &escaped)
        append(raw: escaped)
    }

    public mutating func int(_ value: Int64) { append(raw: Array(String(value).utf8)) }

    public mutating func null() { raw("null") }

    public mutating func append(_ value: APIValue) {
        var out: [UInt8] = []
        value.write(into: &out)
        append(raw: out)
    }

    /// JSON written elsewhere (a part built before what precedes it was known), as it is.
    public mutating func append(raw json: [UInt8]) {
        json.withUnsafeBufferPointer { json in
            write(maximum: json.count) { out in
                if let start = json.baseAddress { out.update(from: start, count: json.count) }
                return json.count
            }
        }
    }

    /// Column `index` of the row `statement` is on, JSON written already (by SQLite's own JSON
    /// functions), copied as it is; null when the column holds no text.
    mutating func json(_ statement: SQLiteStatement, _ index: Int32) {
        guard sqlite3_column_type(statement, index) == SQLITE_TEXT, let text = sqlite3_column_text(statement, index) else {
            null()
            return
        }
        let count = Int(sqlite3_column_bytes(statement, index))
        write(maximum: count) { out in
            out.update(from: text, count: count)
            return count
        }
    }

    /// Runs `body` with a pointer to at least `maximum` bytes of room after what is written; it
    /// returns how many it wrote there.
    @inline(__always)
    private mutating func write(maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if count + maximum > storage.count { grow(to: count + maximum) }
        let start = count
        count += storage.withUnsafeMutableBufferPointer { body($0.baseAddress! + start) }
    }

    /// More room: at least `needed` bytes in all, doubling so that a long page grows a few times only.
    private mutating func grow(to needed: Int) {
        var larger = Self.room(Swift.max(needed, storage.count * 2))
        let written = count
        storage.withUnsafeBufferPointer { old in
            larger.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: old.baseAddress!, count: written) }
        }
        storage = larger
    }

    /// An array of `capacity` bytes whose contents are never read before they are written (bytes
    /// need no initialising to be valid, and only `storage[0..<count]` is ever read).
    private static func room(_ capacity: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: capacity) { _, initialised in initialised = capacity }
    }
}
