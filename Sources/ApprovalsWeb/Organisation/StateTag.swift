import Approvals

/// A record's state as the GOV.UK tag shows it: words, never colour alone, with the colour as a
/// second cue (grey for work not yet sent, green for done, red for refused or not approved).
struct StateTag {
    let text: String
    let modifier: String

    init(_ state: String) {
        let words = state.replacingOccurrences(of: "_", with: " ")
        text = words.prefix(1).uppercased() + words.dropFirst()
        modifier = switch state {
        case "draft": "tag--grey"
        case "registered", "approved", "granted", "closed": "tag--green"
        case "withdrawn", "not_approved", "refused": "tag--red"
        case "clarification_requested", "feedback_issued", "requested": "tag--yellow"
        default: ""
        }
    }

    var context: [String: String] { ["text": text, "modifier": modifier] }
}
