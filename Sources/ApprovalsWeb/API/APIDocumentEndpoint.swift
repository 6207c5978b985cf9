import ApprovalsStore
import Foundation
import HTTPServer

/// `GET /api/v1/documents/{id}`: a submitted document's bytes, sent by the server with sendfile.
/// The id is the SHA-256 of the content, so the ETag is too and never changes. One byte range
/// (`bytes=a-b`, `a-`, `-n`) is answered with 206; several ranges, or one that does not parse, get
/// the whole document (as RFC 9110 allows); one outside the document gets 416.
/// The server writes Content-Length from the file region. (The static files' range and tag helpers are internal to HTTPServer, so this reads its own.)
struct APIDocumentEndpoint: Sendable {
    let reader: APIReader

    func respond(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let id = request.parameters["id"], let document = try reader.document(sha256: id),
              FileManager.default.fileExists(atPath: document.path) else { throw APIProblem.notFound("document") }
        let tag = "\"\(document.sha256)\""
        let length = document.byteCount
        return try APIRepresentation.conditional(tag: tag, for: request) {
            var response = HTTPResponse(status: .ok, headers: ["Content-Type": document.mediaType], body: .file(FileRegion(path: document.path)))
            response.headers.add("Accept-Ranges", "bytes")
            response.headers.add("Content-Disposition", "attachment")
            guard let header = request.headers.first("Range"), Self.ifRangeAllows(request, tag) else { return response }
            switch Self.range(header, length: length) {
            case .none: return response
            case .unsatisfiable: throw APIProblem.rangeNotSatisfiable(length: length)
            case .some(let range):
                response.status = .partialContent
                response.body = .file(FileRegion(path: document.path, range: Int(range.lowerBound)..<Int(range.upperBound)))
                response.headers.add("Content-Range", "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(length)")
                return response
            }
        }
    }

    /// If-Range with another tag (or a date, which we do not compare) means "send it all".
    static func ifRangeAllows(_ request: HTTPRequest, _ tag: String) -> Bool {
        guard let ifRange = request.headers.first("If-Range") else { return true }
        return ifRange.trimmingCharacters(in: .whitespaces) == tag
    }

    enum RangeAnswer: Equatable {
        case none, unsatisfiable, some(Range<Int64>)
    }

    static func range(_ header: String, length: Int64) -> RangeAnswer {
        let value = header.trimmingCharacters(in: .whitespaces)
        guard value.lowercased().hasPrefix("bytes="), !value.contains(",") else { return .none }
        let spec = value.dropFirst(6)
        guard let dash = spec.firstIndex(of: "-") else { return .none }
        let first = spec[..<dash], last = spec[spec.index(after: dash)...]
        let digits: (Substring) -> Bool = { !$0.isEmpty && $0.count <= 18 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        if first.isEmpty {
            guard digits(last), let suffix = Int64(last) else { return .none }
            guard suffix > 0, length > 0 else { return .unsatisfiable }
            return .some(max(0, length - suffix)..<length)
        }
        guard digits(first), let start = Int64(first) else { return .none }
        guard start < length else { return .unsatisfiable }
        if last.isEmpty { return .some(start..<length) }
        guard digits(last), let end = Int64(last), end >= start else { return .none }
        return .some(start..<min(end + 1, length))
    }
}
