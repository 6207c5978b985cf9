import Foundation

/// What a backup folder holds, written last (so a folder without it is an unfinished backup): every
/// file with its SHA-256 and size, the schema version, and the audit chain's length and head, so that
/// a restore can prove the copy is whole and unchanged before it replaces anything.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// One file of the backup, by its path relative to the backup folder.
    public struct File: Codable, Sendable, Equatable {
        public let path: String
        public let sha256: String
        public let size: Int64
    }

    /// The layout of this manifest; a restore refuses a format it does not know.
    public static let currentFormat = 1
    /// The manifest's name inside a backup folder.
    public static let fileName = "manifest.json"

    public let format: Int
    /// When the copy was taken, in UTC (ISO 8601).
    public let createdAt: String
    /// The newest migration applied to the copied database.
    public let schemaVersion: Int
    public let auditEventCount: Int64
    public let auditHeadHash: String
    /// The database first, then each document, sorted by path.
    public let files: [File]

    /// The number of document files listed.
    public var documentCount: Int { files.filter { $0.path.hasPrefix("documents/") }.count }

    func write(into folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(self)
        let url = folder.appendingPathComponent(Self.fileName)
        let fd = try DurableFile.openForWriting(url.path)
        defer { _ = closeFile(fd) }
        try data.withUnsafeBytes { try DurableFile.writeAll(fd, $0, path: url.path) }
        try DurableFile.sync(fd, path: url.path)
        try DurableFile.syncDirectory(folder.path)
    }

    static func read(from folder: URL) throws -> BackupManifest {
        let url = folder.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw BackupError.manifestMissing(url.path) }
        let manifest: BackupManifest
        do { manifest = try JSONDecoder().decode(BackupManifest.self, from: data) } catch {
            throw BackupError.manifestUnreadable(url.path, "\(error)")
        }
        guard manifest.format == currentFormat else { throw BackupError.unknownFormat(manifest.format) }
        return manifest
    }
}
