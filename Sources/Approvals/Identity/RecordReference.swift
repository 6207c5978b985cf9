import Foundation

/// A reference a person can read out on the phone, e.g. `SUB-L3S25-0042`: the kind of record, the
/// cycle (or another short scope such as a year) and a sequence number the store allocates, padded
/// to at least four digits. Letters are upper case and the separators are hyphens, so it survives
/// being spoken, typed or put in a URL.
public struct RecordReference: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The prefix of a reference, one per kind of record.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case registration = "ROI"
        case proposal = "PRO"
        case submission = "SUB"
        case review = "REV"
        case exception = "EXC"
        case regulatoryNote = "ORN"
        case change = "CHG"
        case conflict = "COI"
    }

    /// Why a text is not a reference.
    public enum ParseError: Error, Equatable, Sendable {
        case wrongShape(String)
        case unknownKind(String)
        case badScope(String)
        case badSequence(String)
    }

    public let kind: Kind
    /// The cycle code (e.g. `L3S25`) or other scope: 2 to 12 upper-case letters and digits.
    public let scope: String
    public let sequence: Int

    /// Nil when the scope is not 2-12 upper-case letters/digits or the sequence is not positive.
    public init?(kind: Kind, scope: String, sequence: Int) {
        guard RecordReference.isValidScope(scope), sequence > 0 else { return nil }
        self.kind = kind
        self.scope = scope
        self.sequence = sequence
    }

    /// Reads `SUB-L3S25-0042`, accepting lower case and surrounding spaces (people type them).
    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmed.uppercased()
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { throw .wrongShape(text) }
        guard let kind = Kind(rawValue: parts[0]) else { throw .unknownKind(parts[0]) }
        guard RecordReference.isValidScope(parts[1]) else { throw .badScope(parts[1]) }
        let digits = parts[2]
        guard digits.count >= 4, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let n = Int(digits), n > 0
        else { throw .badSequence(parts[2]) }
        self.kind = kind
        self.scope = parts[1]
        self.sequence = n
    }

    /// True when `text` reads as a reference.
    public static func isValid(_ text: String) -> Bool {
        (try? RecordReference(parsing: text)) != nil
    }

    public var description: String {
        let digits = String(sequence)
        let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        return "\(kind.rawValue)-\(scope)-\(padded)"
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try RecordReference(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.kind.rawValue, lhs.scope, lhs.sequence) < (rhs.kind.rawValue, rhs.scope, rhs.sequence)
    }

    static func isValidScope(_ scope: String) -> Bool {
        (2...12).contains(scope.count)
            && scope.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }
}
