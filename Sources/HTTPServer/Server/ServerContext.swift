import Logging
import Synchronization

/// What every event loop of one server shares: the settings, the application, the workers and the
/// count of open connections that enforces `maxConnections` across loops.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let responder: any HTTPResponder
    let logger: Logger
    let workers: WorkerPool
    let openConnections = Atomic<Int>(0)
    /// Requests whose body is being received into a sink now (uploads in progress), over all loops.
    let bodiesInProgress = Atomic<Int>(0)

    init(configuration: ServerConfiguration, responder: any HTTPResponder, logger: Logger) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        workers = WorkerPool(threads: configuration.workerCount, queueDepth: configuration.queueDepth)
    }
}
