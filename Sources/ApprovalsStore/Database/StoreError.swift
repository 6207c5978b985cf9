/// Why the database could not be opened or migrated. Each case says what an operator should do.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
    /// The database has a migration applied that this build does not know, with a number above all
    /// of ours: a newer server wrote it, and running an older one on it could corrupt it.
    case databaseNewerThanServer(databaseVersion: Int, newestKnown: Int)
    /// An applied migration is unknown to this build but older than its newest: the Migrations folder
    /// is not the one this database was built from.
    case unknownAppliedMigration(version: Int, name: String)
    /// A migration file differs from the one applied to this database.
    case migrationChanged(version: Int, name: String, appliedChecksum: String, fileChecksum: String)
    /// No Migrations folder was found in any of the places searched.
    case migrationsNotFound(searched: [String])
    /// A file in the Migrations folder is not named `NNNN_name.sql`.
    case badFileName(String)
    /// Two migration files share a number.
    case duplicateVersion(Int)
    /// A migration's SQL failed; nothing of it was applied.
    case failed(version: Int, name: String, reason: String)

    public var description: String {
        switch self {
        case let .databaseNewerThanServer(databaseVersion, newestKnown):
            "The database was migrated to version \(databaseVersion) by a newer release, but this release only knows versions up to \(newestKnown). Run the newer release, or restore a backup made for this one."
        case let .unknownAppliedMigration(version, name):
            "The database has migration \(version) (\(name)) applied, which this release does not have. Point --migrations at the folder this database was built from."
        case let .migrationChanged(version, name, applied, file):
            "Migration \(version) (\(name)) has changed since it was applied (applied checksum \(applied.prefix(12))…, file \(file.prefix(12))…). Applied migrations must never be edited: restore the file and add a new migration instead."
        case let .migrationsNotFound(searched):
            "No Migrations folder found. Searched: \(searched.joined(separator: ", ")). Pass --migrations DIR or set APPROVALS_MIGRATIONS."
        case let .badFileName(name):
            "Migration file \(name) is not named NNNN_name.sql (four digits, an underscore, lower-case letters, digits or underscores)."
        case let .duplicateVersion(version):
            "Two migration files have the number \(version); each number must be used once."
        case let .failed(version, name, reason):
            "Migration \(version) (\(name)) failed and was rolled back: \(reason)"
        }
    }
}

/// A record changed between the moment a person loaded it and the moment they saved: their change
/// is refused rather than silently overwriting the other one.
public struct EditConflict: Error, Equatable, CustomStringConvertible {
    /// The kind of record, in words ("submission", "proposal").
    public let recordType: String
    /// The reference a person reads out, e.g. SUB-L3S25-0042.
    public let reference: String
    /// The version the person was editing.
    public let expectedVersion: Int

    public init(recordType: String, reference: String, expectedVersion: Int) {
        self.recordType = recordType
        self.reference = reference
        self.expectedVersion = expectedVersion
    }

    public var description: String {
        "This \(recordType) (\(reference)) was changed by someone else after you opened it. Nothing of yours was saved: reload it to see their changes, then make yours again."
    }
}

/// A record asked for by reference or identifier that does not exist (or that the caller may not see).
public struct RecordNotFound: Error, Equatable, CustomStringConvertible {
    public let recordType: String
    public let reference: String

    public init(recordType: String, reference: String) {
        self.recordType = recordType
        self.reference = reference
    }

    public var description: String { "There is no \(recordType) with reference \(reference)." }
}

/// A change handed to the store whose version is not the stored one plus one: a mistake in the
/// calling code (every domain transition advances the version by one), refused before it is written.
public struct VersionNotAdvanced: Error, Equatable, CustomStringConvertible {
    public let recordType: String
    public let reference: String
    public let expectedVersion: Int
    public let writtenVersion: Int

    public var description: String {
        "The \(recordType) \(reference) was saved as version \(writtenVersion) over version \(expectedVersion); a change must advance the version by one. Nothing was written."
    }
}
