import GRDB
import GRDBSQLite

/// JSON text being written, byte by byte, for the API's busiest answers (a list page, the change
/// feed): the caller writes keys in a fixed order and values straight from the columns of the row
/// SQLite is on, so no dictionary, no `String` per field and no sorting stands between the row and
/// the bytes. The order the callers use is the sorted order of the keys, the order the OpenAPI
/// document lists them in and the order `APIValue.jsonBytes` writes, so both give the same bytes.
public struct APIJSON: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 16_384) { bytes.reserveCapacity(capacity) }

    /// Literal JSON punctuation and keys, written as they are (the caller makes them valid).
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func string(_ text: String) { APIValue.writeString(text, into: &bytes) }

    public mutating func int(_ value: Int64) {
        if value >= 0 && value < 10 {
            bytes.append(0x30 + UInt8(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    public mutating func null() { raw("null") }

    public mutating func append(_ value: APIValue) { value.write(into: &bytes) }

    /// JSON written elsewhere (a part built before what precedes it was known), as it is.
    public mutating func append(raw json: [UInt8]) { bytes.append(contentsOf: json) }

    /// Column `index` of the row `statement` is on, as a JSON string, or null when it holds no text
    /// (as `APIRows.text` reads it: a number is not a string).
    mutating func text(_ statement: SQLiteStatement, _ index: Int32) {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_TEXT, SQLITE_BLOB:
            // The pointer is asked for before the length, as SQLite's documentation says to.
            let pointer = sqlite3_column_blob(statement, index)
            let count = Int(sqlite3_column_bytes(statement, index))
            guard let pointer, count > 0 else { raw("\"\""); return }
            writeString(UnsafeRawBufferPointer(start: pointer, count: count).bindMemory(to: UInt8.self))
        default:
            null()
        }
    }

    /// Column `index` as a JSON integer, or null when it holds none (a whole real number counts, as
    /// `APIRows.number` reads it).
    mutating func integer(_ statement: SQLiteStatement, _ index: Int32) {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER:
            int(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT:
            if let whole = Int64(exactly: sqlite3_column_double(statement, index)) { int(whole) } else { null() }
        default:
            null()
        }
    }

    /// True when column `index` is SQL NULL.
    func isNull(_ statement: SQLiteStatement, _ index: Int32) -> Bool {
        sqlite3_column_type(statement, index) == SQLITE_NULL
    }

    /// RFC 8259 string from UTF-8 bytes: the same escapes as `APIValue.writeString`.
    private mutating func writeString(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        if !text.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text)
        } else {
            // Rare (a quote or a new line in a title): the escaping path of the general writer.
            bytes.removeLast()
            APIValue.writeString(String(decoding: text, as: UTF8.self), into: &bytes)
            return
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
