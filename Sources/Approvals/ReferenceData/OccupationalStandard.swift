/// An employer-designed occupational standard (e.g. `ST0123`) and its knowledge, skills and
/// behaviours. Qualifications are built around these.
public struct OccupationalStandard: Hashable, Sendable, Codable {
    /// Where a standard is in its life.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case approvedForDelivery = "approved_for_delivery"
        case inRevision = "in_revision"
        case retired
    }

    public let reference: String
    public var title: String
    public var level: Int
    public var route: Route
    public var version: String
    public var status: Status
    public var ksbs: [KSB]

    public init(reference: String, title: String, level: Int, route: Route, version: String,
                status: Status, ksbs: [KSB]) {
        self.reference = reference
        self.title = title
        self.level = level
        self.route = route
        self.version = version
        self.status = status
        self.ksbs = ksbs
    }

    /// True for `ST` followed by four digits, the shape of an Institute standard reference.
    public static func isValidReference(_ text: String) -> Bool {
        let chars = Array(text)
        return chars.count == 6 && chars[0] == "S" && chars[1] == "T"
            && chars[2...].allSatisfy { $0.isASCII && $0.isNumber }
    }
}

/// One knowledge, skill or behaviour of a standard, e.g. `K1`, `S12`, `B3`.
public struct KSB: Hashable, Sendable, Codable {
    /// Knowledge, skill or behaviour: the letter a KSB code starts with.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case knowledge, skill, behaviour

        var letter: Character {
            switch self {
            case .knowledge: "K"
            case .skill: "S"
            case .behaviour: "B"
            }
        }
    }

    public let code: String
    public let kind: Kind
    public let text: String

    public init(code: String, kind: Kind, text: String) {
        self.code = code
        self.kind = kind
        self.text = text
    }

    /// The kind a code like `S12` names, or nil when it is not a KSB code.
    public static func kind(ofCode code: String) -> Kind? {
        guard let first = code.first, code.count >= 2,
            code.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return Kind.allCases.first { $0.letter == first }
    }
}
