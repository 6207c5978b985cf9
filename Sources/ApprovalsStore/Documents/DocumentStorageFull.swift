#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The documents' file system has no room (ENOSPC) or the quota is spent (EDQUOT): the upload was not
/// kept, its partial file is gone, and everything stored before is untouched. Told apart from other
/// I/O failures so that the person uploading is told what happened and what to do, not "something
/// went wrong".
public struct DocumentStorageFull: Error, Sendable, CustomStringConvertible {
    public init() {}

    public var description: String {
        "The service has no room to store files just now, so your file was not saved. Everything saved before is safe. "
            + "Try again in a few minutes. If the window closes before you can upload, ask for a late-submission "
            + "exception for a technical failure on our side."
    }

    /// True for the errors that mean "no room" rather than a fault.
    static func means(_ code: Int32) -> Bool { code == ENOSPC || code == EDQUOT }
}
