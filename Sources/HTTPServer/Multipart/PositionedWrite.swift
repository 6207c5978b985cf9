import CLinuxIO
import Glibc

/// Writing a whole buffer at a file offset, as uploads are written.
enum PositionedWrite {
    /// Writes every byte at `offset`, going on after a short write (a regular file gives one only
    /// when a signal lands or the disk fills, and the next call then says which). 0 or the errno.
    static func all(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int32 {
        var done = 0
        while done < bytes.count {
            let written = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return ENOSPC }
            done += written
        }
        return 0
    }

    /// `all` for a file opened with O_DIRECT. A file system that took the flag but refuses the write
    /// (EINVAL: some stacked ones do, or want a larger alignment) gets the file through the page cache
    /// from then on instead of a failed upload; the store's fsync makes it durable either way.
    static func allDirect(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int32 {
        let failure = all(descriptor, bytes, at: offset)
        guard failure == EINVAL else { return failure }
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, flags & clinuxio_o_direct() != 0,
              fcntl(descriptor, F_SETFL, flags & ~clinuxio_o_direct()) == 0 else { return failure }
        return all(descriptor, bytes, at: offset)
    }
}
