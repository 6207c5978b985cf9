/// RFC 4180 CSV: fields separated by commas, records by CRLF or LF, fields in double quotes may hold
/// commas, line breaks and doubled quotes. Each record comes with the line it starts on.
enum CSVReader {
    struct Failure: Error, Equatable {
        let line: Int
        let message: String
    }

    static func records(_ text: String) throws(Failure) -> [(line: Int, fields: [String])] {
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var characters = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func nextScalar() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return characters.next()
        }
        while let scalar = nextScalar() {
            if inQuotes {
                if scalar == "\"" {
                    let following = nextScalar()
                    if following == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = following }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard field.isEmpty, !fieldWasQuoted else { throw Failure(line: line, message: "a quote inside an unquoted field") }
                inQuotes = true
                fieldWasQuoted = true
            case ",":
                fields.append(field); field = ""; fieldWasQuoted = false
            case "\r":
                continue
            case "\n":
                fields.append(field); field = ""; fieldWasQuoted = false
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []
                line += 1
                recordLine = line
            default:
                guard !fieldWasQuoted else { throw Failure(line: line, message: "text after a closing quote") }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw Failure(line: recordLine, message: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted {
            fields.append(field)
            records.append((recordLine, fields))
        }
        return records
    }
}
