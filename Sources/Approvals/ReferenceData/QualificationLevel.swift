/// The level of a technical qualification: this service approves levels 2 and 3.
public enum QualificationLevel: Int, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case two = 2
    case three = 3

    /// "Level 3".
    public var title: String { "Level \(rawValue)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Who a qualification is for.
public enum AgeGroup: String, Sendable, Codable, CaseIterable, Hashable {
    case sixteenToNineteen = "16_19"
    case adult

    public var title: String { self == .adult ? "adults" : "16 to 19 year olds" }
}
