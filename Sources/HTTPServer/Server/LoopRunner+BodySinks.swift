/// The end of a request body's sink, counted so that `HTTPServer.statistics()` knows how many
/// uploads are in progress.
extension LoopRunner {
    /// Lets go of the connection's sink (aborting it, which deletes its temporary files, when the
    /// body will not be used) and takes it off the count of bodies in progress.
    func dropSink(_ connection: Connection, abort: Bool) {
        guard let sink = connection.exchange.sink else { return }
        if abort { sink.abort() }
        connection.exchange.sink = nil
        context.bodiesInProgress.subtract(1, ordering: .relaxed)
    }
}
