import Glibc

extension MultipartError {
    /// A temporary file's write failed with `code` (an errno), as both upload writers report it.
    static func temporaryFileWriteFailed(_ code: Int32) -> MultipartError {
        .storageFailed(reason: "cannot write a temporary file: \(String(cString: strerror(code)))")
    }
}
