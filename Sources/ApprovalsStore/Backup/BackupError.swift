/// Why a backup or a restore stopped, in words an operator can act on. Nothing is replaced when one
/// of these is thrown during a restore: the checks all run before the data folder is touched.
public enum BackupError: Error, Sendable, Equatable, CustomStringConvertible {
    case destinationNotEmpty(String)
    case dataFolderNotEmpty(String)
    case noDatabase(String)
    case documentMissing(sha256: String)
    case manifestMissing(String)
    case manifestUnreadable(String, String)
    case unknownFormat(Int)
    case unsafePath(String)
    case fileMissing(String)
    case fileChanged(path: String, expected: String, found: String)
    case auditBroken(String)
    case auditDiffers(expected: String, found: String)

    public var description: String {
        switch self {
        case .destinationNotEmpty(let path):
            "The backup folder \(path) is not empty. Give a new or empty folder so that no older backup is mixed in."
        case .dataFolderNotEmpty(let path):
            "The data folder \(path) already holds data. Restore into an empty folder, or pass --force to replace what is there."
        case .noDatabase(let path):
            "There is no database at \(path). Check --data."
        case .documentMissing(let sha256):
            "The database references document \(sha256) but its file is missing from the data folder."
        case .manifestMissing(let path):
            "There is no \(path): this is not a backup, or the backup did not finish."
        case let .manifestUnreadable(path, reason):
            "The manifest \(path) cannot be read: \(reason)"
        case .unknownFormat(let format):
            "The backup's manifest has format \(format), which this release does not know."
        case .unsafePath(let path):
            "The manifest lists \(path), which is not a path a backup writes; refusing it."
        case .fileMissing(let path):
            "The backup lacks \(path), which its manifest lists."
        case let .fileChanged(path, expected, found):
            "\(path) in the backup has SHA-256 \(found), but the manifest says \(expected): the copy is damaged."
        case .auditBroken(let reason):
            "The backup's audit trail does not hold: \(reason)"
        case let .auditDiffers(expected, found):
            "The backup's audit head is \(found), but the manifest says \(expected)."
        }
    }
}
