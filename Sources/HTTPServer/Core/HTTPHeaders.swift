/// The header fields of a message, in the order they were received or added.
///
/// Duplicates are kept as separate fields and never joined, because some fields (Set-Cookie) cannot
/// be joined and because framing checks must see every Content-Length the client sent. Names are
/// compared without regard to ASCII case; they are stored as given.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header field line.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var fields: [Field]

    public init() {
        fields = []
    }

    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    init(fields: [Field]) {
        self.fields = fields
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// The value of the first field called `name`, if any.
    public func first(_ name: String) -> String? {
        for field in fields where HTTPHeaders.namesMatch(field.name, name) {
            return field.value
        }
        return nil
    }

    /// The first value of `name`; setting replaces every field of that name (or removes them for nil).
    public subscript(_ name: String) -> String? {
        get { first(name) }
        set {
            if let newValue {
                replaceOrAdd(name, newValue)
            } else {
                remove(name)
            }
        }
    }

    /// Every value of the fields called `name`, in order, each as sent (not split on commas).
    public func values(_ name: String) -> [String] {
        fields.filter { HTTPHeaders.namesMatch($0.name, name) }.map(\.value)
    }

    /// The comma-separated list elements of every field called `name`, trimmed, empty elements dropped
    /// (RFC 9110 §5.6.1). For list-valued fields such as Connection or Transfer-Encoding.
    public func listElements(_ name: String) -> [Substring] {
        var result: [Substring] = []
        for field in fields where HTTPHeaders.namesMatch(field.name, name) {
            for element in field.value.split(separator: ",", omittingEmptySubsequences: true) {
                let trimmed = element.trimmingOptionalWhitespace()
                if !trimmed.isEmpty { result.append(trimmed) }
            }
        }
        return result
    }

    /// Whether any field called `name` has `token` among its list elements (ASCII case-insensitive).
    public func containsToken(_ token: String, in name: String) -> Bool {
        listElements(name).contains { HTTPHeaders.namesMatch($0, token) }
    }

    public func contains(_ name: String) -> Bool {
        fields.contains { HTTPHeaders.namesMatch($0.name, name) }
    }

    /// Appends a field, keeping any existing fields of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces the first field called `name` and removes the others, or appends if there is none.
    public mutating func replaceOrAdd(_ name: String, _ value: String) {
        if let index = fields.firstIndex(where: { HTTPHeaders.namesMatch($0.name, name) }) {
            fields[index].value = value
            var seen = false
            fields.removeAll { field in
                guard HTTPHeaders.namesMatch(field.name, name) else { return false }
                defer { seen = true }
                return seen
            }
        } else {
            add(name, value)
        }
    }

    /// Removes every field called `name`.
    public mutating func remove(_ name: String) {
        fields.removeAll { HTTPHeaders.namesMatch($0.name, name) }
    }

    /// ASCII case-insensitive comparison without allocating lowercased copies.
    @inlinable
    public static func namesMatch<A: StringProtocol, B: StringProtocol>(_ lhs: A, _ rhs: B) -> Bool {
        // Lengths are known without a scan for native strings; most non-matching names differ here.
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil):
                return true
            case let (a?, b?):
                if a != b && lowercasedASCII(a) != lowercasedASCII(b) { return false }
            default:
                return false
            }
        }
    }

    @inlinable
    static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and horizontal tabs (HTTP's OWS).
    func trimmingOptionalWhitespace() -> SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
        while end > start {
            let before = index(before: end)
            guard self[before] == " " || self[before] == "\t" else { break }
            end = before
        }
        return self[start..<end]
    }
}
