import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// Takes the files of an upload form into the document store: each file's type is worked out from
/// its content (`MediaTypeSniffer`), never from its name or the browser's claim, and checked against
/// the types evidence may be; each is held to the stated size limit. A refused file is named in the
/// error summary and the others are kept, so one bad file never costs the rest.
struct EvidenceUpload: Sendable {
    let records: RecordStore
    /// The largest file accepted, in bytes.
    let fileLimit: Int
    /// How many files one form may send: with the limit, bounds the whole request body.
    static let filesPerForm = 8

    /// The media types evidence may have, with the words people know them by.
    static let accepted: [(mediaType: String, name: String)] = [
        ("application/pdf", "PDF"),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document (.docx)"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel spreadsheet (.xlsx)"),
        ("text/csv", "CSV file"), ("text/plain", "text file"), ("image/png", "PNG image"), ("image/jpeg", "JPEG image"),
    ]

    /// "100 MB": the limit as the pages state it.
    var limitText: String {
        fileLimit % 1_000_000 == 0 ? "\(fileLimit / 1_000_000) MB" : ByteCountText.describe(Int64(fileLimit))
    }

    /// The hint every file question carries: what is accepted and how large.
    var hint: String {
        "Each file must be a " + Self.accepted.map(\.name).joined(separator: ", ") + ", and at most \(limitText)."
    }

    /// The body limit of an upload route: every file at the limit, plus the form's fields.
    var routeBodyLimit: Int { fileLimit * Self.filesPerForm + 1_000_000 }

    /// The body of an upload route: files received into the document store's own folder, so that
    /// keeping one is a rename (see `EvidenceBodySink`).
    func routeBody(_ limits: MultipartLimits) -> RouteBody {
        EvidenceBodySink.routeBody(maxBytes: routeBodyLimit, limits: limits, records: records)
    }

    /// What happened to a form's files.
    struct Outcome {
        var stored: [DocumentReference] = []
        var errors: [FieldError] = []
    }

    /// Stores every acceptable file of the fields named, in order, as documents of the kind each
    /// field stands for; a file input left empty is skipped.
    func store(_ form: MultipartForm, fields: [(name: String, kind: DocumentKind)], by user: UserID, at instant: Date) throws -> Outcome {
        var outcome = Outcome()
        for (name, kind) in fields {
            for file in form.files(name) where !(file.size == 0 && (file.filename ?? "").isEmpty) {
                let shownName = Self.displayName(file.filename)
                if file.size == 0 {
                    outcome.errors.append(FieldError(name, "\(shownName) is empty. Choose the file again."))
                    continue
                }
                if file.size > fileLimit {
                    outcome.errors.append(FieldError(name, "\(shownName) is larger than \(limitText). Upload a file of \(limitText) or less."))
                    continue
                }
                let sniffed = try Self.sniff(file.temporaryPath)
                guard Self.accepted.contains(where: { $0.mediaType == sniffed }) else {
                    outcome.errors.append(FieldError(name, "\(shownName) is not a file type we accept (its content is \(Self.describe(sniffed))). " + hint))
                    continue
                }
                // Received on the store's file system, the file is kept by rename, not copied.
                outcome.stored.append(try records.storeDocument(movingFile: URL(fileURLWithPath: file.temporaryPath), knownSHA256: file.sha256, originalName: shownName,
                                                                kind: kind, uploadedBy: user, at: instant))
            }
        }
        return outcome
    }

    /// Documents this person uploaded earlier in the same form (a form shown again after an error
    /// carries them as hidden fields), so they need not be chosen again. A digest that is not one of
    /// theirs is ignored.
    func kept(_ digests: [String], kind: DocumentKind, by user: UserID) throws -> [DocumentReference] {
        var result: [DocumentReference] = []
        for digest in Set(digests) where DocumentReference.isValidSHA256(digest) {
            guard let upload = try records.uploads(sha256: digest).last(where: { $0.uploadedBy == user }),
                  let reference = DocumentReference(kind: kind, sha256: upload.sha256, originalName: upload.originalName,
                                                    byteCount: upload.byteCount, mediaType: upload.mediaType) else { continue }
            result.append(reference)
        }
        return result.sorted { $0.originalName < $1.originalName }
    }

    static func displayName(_ filename: String?) -> String {
        let last = (filename ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return last.isEmpty ? "The file" : last
    }

    static func describe(_ mediaType: String) -> String {
        switch mediaType {
        case "application/zip": "a ZIP archive"
        case "application/octet-stream": "not a recognised document"
        default: mediaType
        }
    }

    static func sniff(_ path: String) throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let prefix = try handle.read(upToCount: MediaTypeSniffer.prefixLength) ?? Data()
        return MediaTypeSniffer.sniff([UInt8](prefix))
    }
}

/// Sizes for people: "2.4 MB", "830 KB", "120 bytes" (decimal units, as the limit is stated).
enum ByteCountText {
    static func describe(_ bytes: Int64) -> String {
        if bytes >= 1_000_000 { return String(format: "%.1f MB", Double(bytes) / 1_000_000) }
        if bytes >= 1000 { return String(format: "%.0f KB", Double(bytes) / 1000) }
        return "\(bytes) bytes"
    }
}

/// One document in the table every evidence list uses: name (a download link when `href` is
/// given), kind, size, type and SHA-256.
enum DocumentRow {
    static func context(_ document: DocumentReference, href: String? = nil) -> [String: String] {
        var row = ["name": document.originalName, "kind": document.kind.title.prefix(1).uppercased() + document.kind.title.dropFirst(),
         "size": ByteCountText.describe(document.byteCount), "mediaType": document.mediaType, "sha256": document.sha256]
        if let href { row["href"] = href }
        return row
    }

    /// The rows of a submission's documents, each linked to its download.
    static func contexts(_ documents: [DocumentReference], of submission: RecordReference) -> [[String: String]] {
        documents.map { context($0, href: OrganisationDocumentRoutes.submissionHref(submission, $0)) }
    }
}
