import Foundation
import Testing

/// Parses a Prometheus text page with the reference parser (PyPI's prometheus_client), so that the
/// format is checked by code we did not write. Returns samples keyed `name{label=value,...}` with the
/// labels sorted.
enum PrometheusParser {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static let script = """
        import sys, json
        from prometheus_client.parser import text_string_to_metric_families
        out = {}
        for family in text_string_to_metric_families(sys.stdin.read()):
            for s in family.samples:
                labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
                out[s.name + ("{" + labels + "}" if labels else "")] = s.value
        print(json.dumps(out))
        """

    static func parse(_ text: String) throws -> [String: Double] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "prometheus_client refused the page (pip install prometheus_client if missing): \(message)")
        }
        return try JSONDecoder().decode([String: Double].self, from: data)
    }
}
