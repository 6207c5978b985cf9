import Foundation

/// The refusal every lifecycle gives for an event its table has no move for.
enum InvalidState {
    static func violation(record: RecordReference, recordName: String, state: String, action: String,
                          allowed: [String]) -> RuleViolation {
        let readable = state.replacingOccurrences(of: "_", with: " ")
        let options = allowed.isEmpty
            ? "Nothing more can be done to it."
            : "From here it can: \(allowed.map { $0.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", "))."
        return RuleViolation(.invalidState,
            "You cannot \(action.replacingOccurrences(of: "_", with: " ")) \(recordName) \(record): it is \(readable). \(options)")
    }
}
