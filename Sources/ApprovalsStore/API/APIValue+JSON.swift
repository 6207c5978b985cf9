import Foundation

extension APIValue {
    /// A JSON text stored by the domain (submitted content, registration details) as an API value,
    /// its camelCase keys turned into the API's snake_case. Nil when the text is not JSON.
    static func fromDomainJSON(_ text: String?) -> APIValue? {
        guard let text, let parsed = try? decoder.decode(DomainJSON.self, from: Data(text.utf8)) else { return nil }
        return parsed.value
    }

    private static let decoder = JSONDecoder()

    /// Reads any JSON with JSONDecoder, which (unlike JSONSerialization on Linux) tells booleans from
    /// numbers: `true` does not decode as a number, nor `1` as a boolean.
    private struct DomainJSON: Decodable {
        let value: APIValue

        init(from decoder: any Decoder) throws {
            if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
                var fields: APIObject = [:]
                for key in keyed.allKeys {
                    fields[APIValue.snakeCase(key.stringValue)] = try keyed.decode(DomainJSON.self, forKey: key).value
                }
                value = .object(fields)
                return
            }
            if var list = try? decoder.unkeyedContainer() {
                var values: [APIValue] = []
                while !list.isAtEnd { values.append(try list.decode(DomainJSON.self).value) }
                value = .array(values)
                return
            }
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { value = .null }
            else if let flag = try? single.decode(Bool.self) { value = .bool(flag) }
            else if let number = try? single.decode(Int64.self) { value = .int(number) }
            else if let number = try? single.decode(Double.self) { value = .int(Int64(number)) }
            else { value = .string(try single.decode(String.self)) }
        }
    }

    private struct AnyKey: CodingKey {
        let stringValue: String
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// `guidedLearningHours` → `guided_learning_hours`, `proposalID` → `proposal_id`.
    static func snakeCase(_ key: String) -> String {
        let characters = Array(key)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { result.append("_") }
            }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }
}
