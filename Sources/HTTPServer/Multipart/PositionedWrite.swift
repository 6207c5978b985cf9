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
}
