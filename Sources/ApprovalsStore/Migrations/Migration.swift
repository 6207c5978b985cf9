import ContentHash
public import Foundation

/// One schema step read from `Migrations/NNNN_name.sql`: its number, its name, its SQL and the
/// SHA-256 of its bytes, which is recorded when it is applied so that a later edit is noticed.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    public let checksum: String

    /// Reads every `NNNN_name.sql` file of a folder, in order of their numbers. Other files (a README,
    /// editor backups) are ignored only if they do not end in `.sql`.
    public static func load(from directory: URL) throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        var migrations: [Migration] = []
        for fileName in names where fileName.hasSuffix(".sql") {
            guard let (version, name) = parse(fileName: fileName) else {
                throw MigrationError.badFileName(fileName)
            }
            let data = try Data(contentsOf: directory.appendingPathComponent(fileName))
            guard let sql = String(data: data, encoding: .utf8) else { throw MigrationError.badFileName(fileName) }
            migrations.append(Migration(version: version, name: name, sql: sql, checksum: SHA256Hasher.hex(of: Array(data))))
        }
        migrations.sort { $0.version < $1.version }
        for (earlier, later) in zip(migrations, migrations.dropFirst()) where earlier.version == later.version {
            throw MigrationError.duplicateVersion(later.version)
        }
        return migrations
    }

    /// `0007_submissions.sql` gives (7, "submissions").
    static func parse(fileName: String) -> (Int, String)? {
        let stem = fileName.dropLast(".sql".count)
        let parts = stem.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII), let version = Int(parts[0]),
              !parts[1].isEmpty,
              parts[1].allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" })
        else { return nil }
        return (version, String(parts[1]))
    }
}
