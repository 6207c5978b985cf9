import Approvals
import Foundation
import HTTPServer

/// How the staff pages word states, times and people.
enum StaffText {
    /// "in_review" → "In review".
    static func state(_ raw: String) -> String {
        let words = raw.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// An instant in UK time with GMT or BST stated: "17:00 GMT on 21 March 2025".
    static func time(_ instant: Date?) -> String {
        guard let instant else { return "" }
        return UKTime.describe(instant, style: .abbreviation)
    }

    /// What a person types for a UK time: `2025-03-28 17:00` or the `datetime-local` form `2025-03-28T17:00`.
    static func parseUKTime(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "T")
        return try? UKTime.instant(parsingLocal: trimmed)
    }

    /// The field value for a UK time: `2025-03-28 17:00`.
    static func field(_ instant: Date) -> String {
        UKTime.localFieldValue(instant).replacingOccurrences(of: "T", with: " ")
    }

    /// A query parameter, or "" when absent or the query is malformed.
    static func query(_ request: HTTPRequest, _ name: String) -> String {
        ((try? request.queryParameters())?[name] ?? "").trimmingCharacters(in: .whitespaces)
    }

    static func trimmed(_ text: String?) -> String {
        (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
