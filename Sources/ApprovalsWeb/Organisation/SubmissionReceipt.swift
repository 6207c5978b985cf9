import Approvals
import Foundation

/// The receipt of one submitted version: the SHA-256 of exactly what was submitted (the version's
/// canonical JSON: its content with every document's SHA-256, when it was submitted, by whom) and
/// when. The canonical form is printed on the receipt too, so anyone can recompute the digest.
struct SubmissionReceipt {
    let reference: RecordReference
    let version: SubmissionVersion

    /// The version as JSON with sorted keys and ISO 8601 UTC times to the millisecond.
    var canonicalJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            try container.encode(formatter.string(from: date))
        }
        // Sets (the age groups) encode in no fixed order: sort them, then write the whole with
        // sorted keys, so the same version always gives the same bytes.
        guard let data = try? encoder.encode(version), let object = try? JSONSerialization.jsonObject(with: data),
              let canonical = try? JSONSerialization.data(withJSONObject: Self.sortingSets(object), options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "" }
        return String(decoding: canonical, as: UTF8.self)
    }

    /// Keys whose arrays come from Swift sets.
    static let setKeys: Set<String> = ["ageGroups"]

    static func sortingSets(_ value: Any) -> Any {
        if let dictionary = value as? [String: Any] {
            var result: [String: Any] = [:]
            for (key, item) in dictionary {
                if setKeys.contains(key), let strings = item as? [String] { result[key] = strings.sorted() } else { result[key] = sortingSets(item) }
            }
            return result
        }
        if let array = value as? [Any] { return array.map(sortingSets) }
        return value
    }

    var sha256: String { Digest.hex(Digest.sha256(Array(canonicalJSON.utf8))) }

    /// The receipt as plain text, to save or print.
    var text: String {
        var lines = [
            "Receipt for submission \(reference), version \(version.number)",
            "Submitted: \(UKTimeText.describe(version.submittedAt)) (\(ISO8601DateFormatter().string(from: version.submittedAt)))",
            "Qualification: \(version.content.title)",
            "SHA-256 of the version as submitted: \(sha256)",
            "", "Documents (name, size in bytes, SHA-256):",
        ]
        lines += version.content.documents.map { "  \($0.originalName), \($0.byteCount), \($0.sha256)" }
        lines += ["", "The SHA-256 above is of this canonical JSON, exactly:", canonicalJSON]
        return lines.joined(separator: "\n") + "\n"
    }
}
