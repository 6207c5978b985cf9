/// An Ofqual sector subject area code, tier 1 (`4`) or tier 2 (`4.1`). Ofqual recognises an
/// awarding organisation for a set of these; a tier 1 code covers every tier 2 code under it.
public struct SectorSubjectArea: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let code: String

    /// Nil unless the code is digits, optionally a dot and more digits.
    public init?(_ code: String) {
        let parts = code.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        self.code = code
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let area = SectorSubjectArea(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "not a sector subject area code: \(text)"))
        }
        self = area
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    public var tier1: String { String(code.split(separator: ".")[0]) }

    /// True when a recognition for `self` covers `other` (equal, or self is other's tier 1).
    public func covers(_ other: SectorSubjectArea) -> Bool {
        self == other || (!code.contains(".") && other.tier1 == code)
    }

    public var description: String { code }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.code < rhs.code }
}
