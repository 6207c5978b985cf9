public import Foundation

/// The kinds of document a submission carries.
public enum DocumentKind: String, Sendable, Codable, CaseIterable, Hashable {
    case specification
    case assessmentMaterials = "assessment_materials"
    case mappingTemplate = "mapping_template"
    case structureDocument = "structure_document"
    case letterOfSupport = "letter_of_support"
    /// Evidence for a late-submission exception, or anything else.
    case other

    public var title: String {
        switch self {
        case .specification: "qualification specification"
        case .assessmentMaterials: "assessment materials"
        case .mappingTemplate: "mapping template"
        case .structureDocument: "qualification structure document"
        case .letterOfSupport: "letter of support"
        case .other: "other document"
        }
    }
}

/// A record's pointer to an uploaded file, which the store keeps once by its SHA-256.
public struct DocumentReference: Hashable, Sendable, Codable {
    public let kind: DocumentKind
    /// Lower-case hex SHA-256 of the file's bytes.
    public let sha256: String
    public let originalName: String
    public let byteCount: Int64
    /// The media type the store sniffed from the bytes.
    public let mediaType: String

    /// Nil unless `sha256` is 64 lower-case hex digits and the size is not negative.
    public init?(kind: DocumentKind, sha256: String, originalName: String, byteCount: Int64, mediaType: String) {
        guard DocumentReference.isValidSHA256(sha256), byteCount >= 0 else { return nil }
        self.kind = kind
        self.sha256 = sha256
        self.originalName = originalName
        self.byteCount = byteCount
        self.mediaType = mediaType
    }

    public static func isValidSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// An uploaded file as the store keeps it: once per SHA-256, with who uploaded it and when.
public struct Document: Hashable, Sendable, Codable {
    public let sha256: String
    public let byteCount: Int64
    public let mediaType: String
    public let originalName: String
    public let uploadedBy: UserID
    public let uploadedAt: Date

    public init(sha256: String, byteCount: Int64, mediaType: String, originalName: String,
                uploadedBy: UserID, uploadedAt: Date) {
        self.sha256 = sha256
        self.byteCount = byteCount
        self.mediaType = mediaType
        self.originalName = originalName
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
    }
}
