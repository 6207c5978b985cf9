public import Logging
import Foundation
import Synchronization

/// A swift-log handler that writes each entry as one JSON object on one line (time in UTC, level,
/// logger label, message, then the metadata as top-level keys), for log collectors that parse JSON.
/// Lines are written whole under a lock so that threads never interleave them.
public struct JSONLogHandler: LogHandler {
    /// Where lines go; a closure so tests can capture them.
    public typealias Sink = @Sendable (String) -> Void

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: Sink

    public init(label: String, sink: @escaping Sink = JSONLogHandler.standardError) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: Any] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { object[key] = Self.json(value) }
        object["time"] = Self.timestamp(Date())
        object["level"] = event.level.rawValue
        object["logger"] = label
        object["message"] = event.message.description
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]),
              let text = String(data: data, encoding: .utf8) else { return }
        sink(text)
    }

    /// Numbers logged with `.stringConvertible` stay numbers; strings, lists and dictionaries map across.
    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): return text
        case .stringConvertible(let convertible):
            if let integer = convertible as? Int { return integer }
            if let double = convertible as? Double, double.isFinite { return double }
            return convertible.description
        case .array(let values): return values.map(json)
        case .dictionary(let values): return values.mapValues(json)
        }
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    private static let output = Mutex(())

    /// Writes the line and a newline to standard error in one call.
    public static let standardError: Sink = { line in
        output.withLock { _ in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }
}
