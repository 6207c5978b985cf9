import Dispatch
import Glibc

/// Turns SIGINT and SIGTERM into calls of `onSignal`, through dispatch sources rather than a
/// signal handler, so the reaction may take locks and allocate. The default actions come back when
/// it is released, so a second server run in the same process starts from the usual state.
final class ShutdownSignals {
    private static let numbers = [SIGINT, SIGTERM]
    private let sources: [any DispatchSourceSignal]

    init(onSignal: @escaping @Sendable () -> Void) {
        sources = ShutdownSignals.numbers.map { number in
            // The default action would kill the process before the source sees the signal.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: onSignal)
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
        for number in ShutdownSignals.numbers { signal(number, SIG_DFL) }
    }
}
