import Approvals
import ApprovalsStore
import Foundation
import HTTPServer

/// A stored document sent back to the awarding organisation that uploaded it: the bytes streamed
/// from the store's file (the server writes Content-Length from the file region), as an attachment
/// under a file name that is safe in a header, with the media type sniffed at upload and never
/// re-sniffed by the browser.
struct DocumentDownload {
    let records: RecordStore

    /// The response for `document`, or 404 when there is none or its file is missing.
    func response(_ document: DocumentReference?) throws -> HTTPResponse {
        guard let document, let file = records.documentFile(sha256: document.sha256) else { throw RoutingError.notFound }
        return HTTPResponse(status: .ok, headers: [
            "Content-Type": document.mediaType, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
            "Content-Disposition": Self.disposition(document.originalName),
        ], body: .file(FileRegion(path: file.path)))
    }

    /// `attachment; filename="plain ASCII"; filename*=UTF-8''percent-encoded` (RFC 6266): the plain
    /// name keeps only letters, digits, space, dot, dash and underscore, never starts with a dot and
    /// is at most 150 characters; the encoded one keeps the person's own name for browsers that read it.
    static func disposition(_ originalName: String) -> String {
        let base = lastComponent(originalName)
        let plain = plainName(originalName)
        var header = "attachment; filename=\"\(plain)\""
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        if base != plain, !base.isEmpty, let encoded = String(base.prefix(150)).addingPercentEncoding(withAllowedCharacters: unreserved) {
            header += "; filename*=UTF-8''\(encoded)"
        }
        return header
    }

    /// The name with any path taken off (a name is never a path here).
    static func lastComponent(_ name: String) -> String {
        name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
    }

    /// The name reduced to what is safe inside a quoted header parameter on every browser.
    static func plainName(_ name: String) -> String {
        let kept = lastComponent(name).unicodeScalars.filter {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || " -_.".unicodeScalars.contains($0))
        }
        var plain = String(String.UnicodeScalarView(kept))
        while plain.hasPrefix(".") || plain.hasPrefix(" ") { plain.removeFirst() }
        plain = String(plain.prefix(150)).trimmingCharacters(in: .whitespaces)
        return plain.isEmpty ? "document" : plain
    }
}
