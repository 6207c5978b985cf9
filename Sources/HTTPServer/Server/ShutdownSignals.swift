import Foundation
import Glibc
import Synchronization

/// Turns SIGINT and SIGTERM into calls of `onSignal`, with the self-pipe pattern: a real signal handler
/// (which may only do async-signal-safe work) writes one byte to a pipe, and a thread of ours reads the
/// pipe and calls `onSignal`, where locks and allocation are fine.
///
/// A dispatch signal source is not enough on Linux: it only sees a signal that the kernel delivers to a
/// thread blocking it, and with many threads (workers, event loops, a test runner's pool) the signal
/// can land on one that does not, where an ignored disposition silently drops it. A handler runs on
/// whichever thread receives it. The default actions come back when this is released, so a second
/// server run in the same process starts from the usual state.
final class ShutdownSignals: Sendable {
    private static let numbers = [SIGINT, SIGTERM]
    /// The pipe's write end, read by the handler; -1 when no one listens.
    private static let wakeDescriptor = Atomic<Int32>(-1)
    private let writeEnd: Int32

    init(onSignal: @escaping @Sendable () -> Void) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            // Without a pipe there is no safe way to hear signals; the process keeps the default
            // actions, which end it at once rather than gracefully.
            writeEnd = -1
            return
        }
        let readEnd = ends[0]
        writeEnd = ends[1]
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        Self.wakeDescriptor.store(writeEnd, ordering: .sequentiallyConsistent)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let descriptor = ShutdownSignals.wakeDescriptor.load(ordering: .sequentiallyConsistent)
            guard descriptor >= 0 else { return }
            let savedErrno = errno
            var byte: UInt8 = 1
            _ = write(descriptor, &byte, 1)
            errno = savedErrno
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        for number in Self.numbers { sigaction(number, &action, nil) }
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 { onSignal(); continue }
                if count < 0 && errno == EINTR { continue }
                break  // the write end was closed: no longer listening
            }
            close(readEnd)
        }
        thread.name = "shutdown-signals"
        thread.start()
    }

    deinit {
        for number in Self.numbers { signal(number, SIG_DFL) }
        Self.wakeDescriptor.store(-1, ordering: .sequentiallyConsistent)
        if writeEnd >= 0 { close(writeEnd) }
    }
}
