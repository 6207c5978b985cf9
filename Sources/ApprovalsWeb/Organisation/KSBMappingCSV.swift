import Approvals

/// The KSB mapping in the shape of the mapping template: one KSB a row, as
/// `standard_reference,ksb_code,covered_in,assessed_in` (a header row is allowed, quoted fields too).
/// The same reader serves the textarea on the page and an uploaded CSV file.
enum KSBMappingCSV {
    static let header = "standard_reference,ksb_code,covered_in,assessed_in"

    /// The mapping, or the first row that is not in the template's shape, said in words.
    enum Reading {
        case mapping([KSBMapping])
        case problem(String)
    }

    static func read(_ text: String) -> Reading {
        var mapping: [KSBMapping] = []
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let fields = fields(of: trimmed)
            if index == 0, fields.first?.lowercased().hasPrefix("standard") == true { continue }
            guard fields.count == 4, OccupationalStandard.isValidReference(fields[0].uppercased()), !fields[1].isEmpty else {
                return .problem("Row \(index + 1) is not in the mapping template's shape: write standard, KSB code, where it is covered and where it is assessed, separated by commas (for example ST0973,K1,Unit 1,Assignment 2)")
            }
            guard !fields[2].isEmpty, !fields[3].isEmpty else {
                return .problem("Row \(index + 1) (\(fields[1].uppercased()) of \(fields[0].uppercased())) must say where the qualification covers it and where its assessment covers it")
            }
            mapping.append(KSBMapping(standardReference: fields[0].uppercased(), ksbCode: fields[1].uppercased(),
                                      coveredIn: fields[2], assessedIn: fields[3]))
        }
        return .mapping(mapping)
    }

    /// The mapping written back in the template's shape, for the textarea.
    static func write(_ mapping: [KSBMapping]) -> String {
        mapping.map { [$0.standardReference, $0.ksbCode, quoted($0.coveredIn), quoted($0.assessedIn)].joined(separator: ",") }
            .joined(separator: "\n")
    }

    static func quoted(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// The fields of one CSV row (RFC 4180 quoting), each trimmed.
    static func fields(of line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { current.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(current.trimmingCharacters(in: .whitespaces)); current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current.trimmingCharacters(in: .whitespaces))
        return fields
    }
}
