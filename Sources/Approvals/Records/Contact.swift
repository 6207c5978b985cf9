/// A person to contact at an awarding organisation about a registration or proposal.
public struct Contact: Hashable, Sendable, Codable {
    public var name: String
    public var email: String
    public var telephone: String?

    public init(name: String, email: String, telephone: String? = nil) {
        self.name = name
        self.email = email
        self.telephone = telephone
    }
}
