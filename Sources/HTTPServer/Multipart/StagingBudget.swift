import Synchronization

/// How many uploads may be written with O_DIRECT at once. Each holds up to two staging buffers (2 MiB)
/// for as long as it lasts, however slowly its client sends; past the limit a file is written through
/// the page cache, whose pages the kernel can reclaim, so that many or slow uploads cannot pin memory
/// without bound.
final class StagingBudget: Sendable {
    /// 64 files: 128 MiB at most, well inside the service's memory target, and more uploads than two
    /// cores can receive at full speed at once.
    static let shared = StagingBudget(files: 64)

    private let available: Mutex<Int>

    init(files: Int) {
        available = Mutex(files)
    }

    /// Takes a place for one file; false when none is free.
    func admit() -> Bool {
        available.withLock { available in
            guard available > 0 else { return false }
            available -= 1
            return true
        }
    }

    /// Gives back the place of a file that is done.
    func release() {
        available.withLock { $0 += 1 }
    }
}
