/// The server's load at one instant, read without stopping it: what a metrics endpoint exposes.
/// Each field is read on its own, so together they are close to, not exactly, one instant.
public struct ServerStatistics: Sendable, Equatable {
    /// Connections accepted and not yet closed, across every event loop.
    public var openConnections: Int
    /// Workers running a handler now.
    public var busyWorkers: Int
    /// Requests waiting for a free worker.
    public var queuedRequests: Int
    public var workerCount: Int
    /// How many requests may wait before the server answers 503.
    public var queueCapacity: Int
    /// Request bodies being received now (uploads in progress).
    public var bodiesInProgress: Int
    /// Requests answered 503 because every worker was busy and the queue full, since start.
    public var refusedRequests: Int
    /// Open connections of each event loop, in loop order: new connections go to the loop with the
    /// fewest, so these stay within a couple of each other.
    public var connectionsPerLoop: [Int]

    public init(openConnections: Int, busyWorkers: Int, queuedRequests: Int, workerCount: Int, queueCapacity: Int,
                refusedRequests: Int, bodiesInProgress: Int = 0, connectionsPerLoop: [Int] = []) {
        self.connectionsPerLoop = connectionsPerLoop
        self.bodiesInProgress = bodiesInProgress
        self.openConnections = openConnections
        self.busyWorkers = busyWorkers
        self.queuedRequests = queuedRequests
        self.workerCount = workerCount
        self.queueCapacity = queueCapacity
        self.refusedRequests = refusedRequests
    }
}
