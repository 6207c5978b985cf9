import Approvals
import ApprovalsStore
import HTTPServer

/// Runs a change and turns the two refusals a person can act on into the error summary of the
/// page they were on: the domain's rule (its message names the way forward) and a record someone
/// else changed first. Anything else is a fault and goes to the error page.
enum DomainRefusal {
    static func attempt(fallbackField: String? = nil, _ change: () throws -> HTTPResponse,
                        refused: ([FieldError]) throws -> HTTPResponse) throws -> HTTPResponse {
        do {
            return try change()
        } catch let violation as RuleViolation {
            return try refused(OrganisationFormState.errors(violation, fallback: fallbackField))
        } catch let conflict as EditConflict {
            return try refused([FieldError(nil, "Someone else in your organisation changed \(conflict.reference) while you were working on it. Nothing of yours was saved: check what you typed against the record as it is now and send it again.")])
        }
    }

    /// The version the form was loaded at (a hidden field), or the record's own when absent.
    static func version(_ fields: FormFields, current: Int) -> Int {
        Int(fields["version"] ?? "") ?? current
    }
}

/// Reads the lines of a "one per line" textarea, trimmed, blank lines dropped.
enum TextLines {
    static func split(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Standard references typed with commas, spaces or new lines ("ST0973, st0593"), upper-cased.
    static func standards(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map { $0.uppercased() }
    }
}
