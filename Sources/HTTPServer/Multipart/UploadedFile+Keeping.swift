import Glibc

extension UploadedFile {
    /// Why an upload could not be kept.
    public struct KeepingFailure: Error, Equatable, Sendable {
        /// The `errno` of the failed `rename`; `EXDEV` means the two paths are on different file
        /// systems (put the route's upload directory on the store's file system).
        public var errorNumber: Int32
    }

    /// Moves the uploaded file to `destination` (atomically, with `rename`), so the server's clean-up
    /// after the response no longer finds it. Both paths must be on one file system: declare the
    /// route with `.multipart(directory:)` beside where files are kept.
    public func keep(at destination: String) throws(KeepingFailure) {
        guard rename(temporaryPath, destination) == 0 else { throw KeepingFailure(errorNumber: errno) }
    }
}
