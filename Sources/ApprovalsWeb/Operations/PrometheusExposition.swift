/// Writes metrics in the Prometheus text exposition format (version 0.0.4): a HELP and a TYPE line
/// per family, then its samples, label values escaped as the format requires.
struct PrometheusExposition {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private(set) var text = ""

    mutating func family(_ name: String, type: String, help: String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, _ labels: [(String, String)] = [], _ value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}"
        }
        text += " \(Self.format(value))\n"
    }

    /// A family of one unlabelled sample: the shape of most gauges and counters on the page.
    mutating func single(_ name: String, type: String, help: String, _ value: Double) {
        family(name, type: type, help: help)
        sample(name, [], value)
    }

    mutating func histogram(_ name: String, _ labels: [(String, String)], _ histogram: LatencyHistogram) {
        for (bound, count) in zip(LatencyHistogram.bounds, histogram.counts) {
            sample(name + "_bucket", labels + [("le", Self.format(bound))], Double(count))
        }
        sample(name + "_bucket", labels + [("le", "+Inf")], Double(histogram.count))
        sample(name + "_sum", labels, histogram.sum)
        sample(name + "_count", labels, Double(histogram.count))
    }

    /// Backslash, double quote and line feed are the three characters a label value must escape.
    static func escape(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Integers without a fraction, others as Swift prints a Double (which Prometheus parses).
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
