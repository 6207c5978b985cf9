import Approvals
import Foundation

/// What changed between two versions of a submission, field by field, for reviewers: each field
/// whose value differs, with both values, and the documents and KSB mappings added or removed.
struct VersionComparison {
    struct Change {
        let field: String
        let before: String
        let after: String
    }

    let changes: [Change]

    init(from old: SubmissionContent, to new: SubmissionContent) {
        func text(_ list: [String]) -> String { list.joined(separator: "\n") }
        let fields: [(String, String, String)] = [
            ("Title", old.title, new.title),
            ("Category", old.category.title, new.category.title),
            ("Level", old.level.title, new.level.title),
            ("Guided learning hours", String(old.guidedLearningHours), String(new.guidedLearningHours)),
            ("Total qualification time", String(old.totalQualificationTime), String(new.totalQualificationTime)),
            ("Route", old.route.title, new.route.title),
            ("Sector subject area", old.sectorSubjectArea.map { "\($0)" } ?? "", new.sectorSubjectArea.map { "\($0)" } ?? ""),
            ("Standards", text(old.standardReferences), text(new.standardReferences)),
            ("Specialist sub-area", old.specialistSubArea ?? "", new.specialistSubArea ?? ""),
            ("Employer demand evidence", old.employerDemandEvidence, new.employerDemandEvidence),
            ("KSB mapping", text(old.ksbMapping.map(Self.mapping)), text(new.ksbMapping.map(Self.mapping))),
            ("Documents", text(old.documents.map(Self.document)), text(new.documents.map(Self.document))),
        ]
        changes = fields.filter { $0.1 != $0.2 }.map { Change(field: $0.0, before: $0.1, after: $0.2) }
    }

    static func mapping(_ mapping: KSBMapping) -> String {
        "\(mapping.standardReference) \(mapping.ksbCode): covered in \(mapping.coveredIn); assessed in \(mapping.assessedIn)"
    }

    static func document(_ document: DocumentReference) -> String {
        "\(document.kind.title): \(document.originalName) (SHA-256 \(document.sha256.prefix(12))…)"
    }
}
