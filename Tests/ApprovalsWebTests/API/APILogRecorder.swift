import Logging
import Synchronization

/// Keeps every log message with its metadata, for tests that check what the service logs.
final class APILogRecorder: LogHandler, Sendable {
    struct Entry: Sendable {
        let message: String
        let metadata: [String: String]
    }

    private let entries = Mutex<[Entry]>([])
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    subscript(metadataKey _: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).mapValues { "\($0)" }
        entries.withLock { $0.append(Entry(message: event.message.description, metadata: fields)) }
    }

    var recorded: [Entry] { entries.withLock { $0 } }
}
