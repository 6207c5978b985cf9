/// A specialist area the Institute has predefined for additional specialist qualifications, with
/// the standards it builds on, optional sub-areas and indicative duties. A qualification built on
/// one needs no proposal.
public struct SpecialistArea: Hashable, Sendable, Codable {
    public let id: SpecialistAreaID
    public var name: String
    public var route: Route
    /// References of the standards the area builds on (e.g. `ST0123`).
    public var standardReferences: [String]
    public var subAreas: [String]
    public var duties: [Duty]
    public var version: Int

    public init(id: SpecialistAreaID, name: String, route: Route, standardReferences: [String],
                subAreas: [String] = [], duties: [Duty] = [], version: Int = 1) {
        self.id = id
        self.name = name
        self.route = route
        self.standardReferences = standardReferences
        self.subAreas = subAreas
        self.duties = duties
        self.version = version
    }

    /// An indicative duty. `subArea` is set when the duty applies to that sub-area only.
    public struct Duty: Hashable, Sendable, Codable {
        public let code: String
        public let text: String
        public let subArea: String?

        public init(code: String, text: String, subArea: String? = nil) {
            self.code = code
            self.text = text
            self.subArea = subArea
        }
    }

    /// The duties that apply to a sub-area (all general duties plus its own), or to the area alone.
    public func duties(forSubArea subArea: String?) -> [Duty] {
        duties.filter { $0.subArea == nil || $0.subArea == subArea }
    }
}
