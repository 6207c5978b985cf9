import Glibc

/// Two megabytes aligned to two, which the kernel is asked to back with one transparent huge page.
///
/// Why: an O_DIRECT write pins every page of its buffer and maps each into the disk request, and the
/// socket copy into the buffer walks its pages too. In 4 KiB pages that is 256 of each per buffer
/// (`gup_fast_fallback` alone was 2.3% of the server's CPU under `capacity.py`); in a huge page it
/// is one. Where the kernel has no huge page to give (or THP is off) the memory is ordinary pages and
/// works the same.
final class HugePageMemory: @unchecked Sendable {
    static let byteCount = 2 << 20

    /// `@unchecked Sendable`: the memory is only handed out as the two `StagingBuffer`s, each used by
    /// one thread at a time; this object only owns it.
    let bytes: UnsafeMutableRawPointer

    init() {
        bytes = UnsafeMutableRawPointer.allocate(byteCount: Self.byteCount, alignment: Self.byteCount)
        // A hint, before the memory is first touched: its failure leaves ordinary pages.
        _ = madvise(bytes, Self.byteCount, MADV_HUGEPAGE)
    }

    deinit { bytes.deallocate() }
}
