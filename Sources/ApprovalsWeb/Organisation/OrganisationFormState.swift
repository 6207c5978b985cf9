import Approvals
import HTTPServer

/// Builds the `FormState` of an organisation's form: what was typed, with repeated fields (ticked
/// checkboxes) kept together one per line, so that every box ticked comes back ticked.
enum OrganisationFormState {
    static func from(_ fields: FormFields, errors: [FieldError] = []) -> FormState {
        var values: [String: String] = [:]
        for field in fields where !FormState.unkept.contains(field.name) {
            values[field.name] = values[field.name].map { $0 + "\n" + field.value } ?? field.value
        }
        return FormState(values: values, errors: errors)
    }

    /// The errors of a domain refusal, each linked to its field where it names one (else `fallback`).
    static func errors(_ violation: RuleViolation, fallback: String? = nil) -> [FieldError] {
        violation.all.map { FieldError($0.field ?? fallback, $0.message) }
    }
}
