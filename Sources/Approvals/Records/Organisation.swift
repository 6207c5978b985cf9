/// An awarding organisation, with its Ofqual recognition number and the sector subject areas it is
/// recognised for. Submitting outside that scope is stopped until the AO has seen Ofqual.
public struct Organisation: Hashable, Sendable, Codable {
    public let id: OrganisationID
    public var name: String
    /// Ofqual's recognition number, e.g. `RN5127`.
    public var ofqualRecognitionNumber: String
    public var ssaScope: Set<SectorSubjectArea>
    public var version: Int

    public init(id: OrganisationID, name: String, ofqualRecognitionNumber: String,
                ssaScope: Set<SectorSubjectArea>, version: Int = 1) {
        self.id = id
        self.name = name
        self.ofqualRecognitionNumber = ofqualRecognitionNumber
        self.ssaScope = ssaScope
        self.version = version
    }

    /// True when the recognition covers the area (directly or through its tier 1 area).
    public func isRecognised(for area: SectorSubjectArea) -> Bool {
        ssaScope.contains { $0.covers(area) }
    }

    /// True for `RN` followed by digits.
    public static func isValidRecognitionNumber(_ text: String) -> Bool {
        text.count > 2 && text.hasPrefix("RN") && text.dropFirst(2).allSatisfy { $0.isASCII && $0.isNumber }
    }
}
