import Approvals
import Foundation

/// A specialist area's indicative duties as typed, one a line: `Sub-area: duty` for a duty of one
/// sub-area only, a plain line for every sub-area.
enum SpecialistAreaDuties {
    /// The duties the lines describe. A line whose text matches a duty the area already has keeps
    /// that duty's code, so proposals and submissions that cite `D2` still mean the same duty after
    /// an edit; new duties take the next unused number.
    static func parse(_ lines: [String], subAreas: [String], existing: [SpecialistArea.Duty] = []) -> [SpecialistArea.Duty] {
        var unclaimed = existing
        var nextNumber = (existing.compactMap { Int($0.code.dropFirst()) }.max() ?? 0) + 1
        return lines.map { line in
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let (text, subArea): (String, String?) = parts.count == 2 && subAreas.contains(parts[0]) ? (parts[1], parts[0]) : (line, nil)
            if let index = unclaimed.firstIndex(where: { $0.text == text }) {
                let code = unclaimed.remove(at: index).code
                return SpecialistArea.Duty(code: code, text: text, subArea: subArea)
            }
            defer { nextNumber += 1 }
            return SpecialistArea.Duty(code: "D\(nextNumber)", text: text, subArea: subArea)
        }
    }

    /// The lines that show `duties` in the form again.
    static func lines(_ duties: [SpecialistArea.Duty]) -> String {
        duties.map { duty in duty.subArea.map { "\($0): \(duty.text)" } ?? duty.text }.joined(separator: "\n")
    }
}
