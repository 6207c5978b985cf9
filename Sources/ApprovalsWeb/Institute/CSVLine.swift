import Foundation

/// One line of CSV (RFC 4180): fields quoted when they hold a comma, quote or line break; cells that
/// a spreadsheet would run as a formula are prefixed with an apostrophe.
enum CSVLine {
    static func make(_ fields: [String]) -> String {
        fields.map { field -> String in
            var value = field
            if let first = value.first, "=+-@".contains(first) { value = "'" + value }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}
