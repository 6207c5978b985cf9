/// A JSON value as the API sends it: read from SQLite columns and shaped into objects without going
/// through the domain's records, so that a list never decodes a record body (and so never sees an
/// AO's unsubmitted draft content, which lives only in the body).
public enum APIValue: Sendable, Hashable, Encodable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([APIValue])
    case object([String: APIValue])

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let fields): try container.encode(fields)
        }
    }

    /// The value as one CSV cell: scalars as text, nested values left out (CSV is for flat lists).
    public var csvText: String {
        switch self {
        case .null, .array, .object: ""
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .string(let value): value
        }
    }

    /// The field `name` of an object; nil for other values.
    public subscript(_ name: String) -> APIValue? {
        if case .object(let fields) = self { return fields[name] }
        return nil
    }
}

/// One resource of the API (a cycle, a submission...): a JSON object with snake_case field names.
public typealias APIObject = [String: APIValue]
