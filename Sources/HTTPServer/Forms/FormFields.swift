/// Named values from a form or a query string, in the order sent, repeated names kept.
///
/// Used for application/x-www-form-urlencoded bodies, query strings and the plain fields of a
/// multipart/form-data body, so a handler reads them the same way wherever they came from.
public struct FormFields: Sendable, Equatable, Sequence {
    /// One name and value.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Why a urlencoded text was refused.
    public enum Failure: Error, Equatable, Sendable {
        /// A name or value with an invalid percent-escape, invalid UTF-8 or NUL.
        case invalidEncoding(PercentDecoding.Failure)
        /// More pairs than the limit.
        case tooManyFields(limit: Int)
    }

    public private(set) var fields: [Field]

    public init(_ fields: [Field] = []) {
        self.fields = fields
    }

    /// Parses application/x-www-form-urlencoded text (also the grammar of query strings): pairs
    /// separated by `&`, name and value by the first `=`, `+` as space, strict percent-decoding.
    /// Empty pairs (`a=1&&b=2`) are skipped; a pair without `=` has an empty value.
    public init(urlEncoded text: some StringProtocol, maxFields: Int = 1000) throws(Failure) {
        var fields: [Field] = []
        let text = Substring(text)
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            guard fields.count < maxFields else { throw .tooManyFields(limit: maxFields) }
            let name: Substring
            let value: Substring
            if let equals = pair.firstIndex(of: "=") {
                name = pair[pair.startIndex..<equals]
                value = pair[pair.index(after: equals)...]
            } else {
                name = pair[...]
                value = ""
            }
            do {
                fields.append(
                    Field(
                        name: try PercentDecoding.decode(name, plusAsSpace: true),
                        value: try PercentDecoding.decode(value, plusAsSpace: true)))
            } catch {
                throw .invalidEncoding(error)
            }
        }
        self.fields = fields
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    /// The first value sent for `name`.
    public subscript(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Every value sent for `name`, in order (checkboxes, multi-selects).
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    public mutating func append(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// The fields as urlencoded text (space as `+`), for building links and test bodies.
    public var urlEncoded: String {
        fields.map { field in
            PercentDecoding.encode(field.name, spaceAsPlus: true) + "="
                + PercentDecoding.encode(field.value, spaceAsPlus: true)
        }.joined(separator: "&")
    }
}
