/// A request body's sink as the loop sees it: whether it can take bytes now (else the connection
/// waits for its `.sinkReady`), and its end, counted so that `HTTPServer.statistics()` knows how many
/// uploads are in progress.
extension LoopRunner {
    /// Lets go of the connection's sink (aborting it, which deletes its temporary files, when the
    /// body will not be used) and takes it off the count of bodies in progress.
    func dropSink(_ connection: Connection, abort: Bool) {
        guard let sink = connection.exchange.sink else { return }
        if abort { sink.abort() }
        connection.exchange.sink = nil
        connection.waitsForSink = false
        context.bodiesInProgress.subtract(1, ordering: .relaxed)
    }

    /// Whether the body's sink can take bytes now; if not, the connection waits for the sink's
    /// `.sinkReady` message and reads nothing until then.
    func sinkTakesBytes(_ connection: Connection) -> Bool {
        guard connection.phase == .readingBody, let sink = connection.exchange.sink else { return true }
        if connection.waitsForSink { return false }
        let loop = self.loop
        let id = connection.id
        if sink.isReadyForBytes(orResume: { loop.post(.sinkReady(id)) }) { return true }
        connection.waitsForSink = true
        return false
    }
}
