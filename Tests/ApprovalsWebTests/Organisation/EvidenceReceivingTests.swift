import Approvals
import ContentHash
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import HTTPServer
import Testing

/// Evidence is received on the documents' own file system and kept by rename: nothing of an upload
/// is left in the receiving folder afterwards, kept or refused.
@Suite("Organisation evidence receiving")
struct EvidenceReceivingTests {
    let boundary = "evidence-boundary"

    /// The sink an evidence upload's body goes into, as the route makes it.
    func sink(_ service: OrganisationService) throws -> EvidenceBodySink {
        let head = RequestHead(method: .post, target: "/organisation/submissions/X/documents",
                               headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"])
        return try EvidenceBodySink(head: head, limits: .standard, records: service.records)
    }

    @Test("the upload body's files are written into the document store's receiving folder")
    func filesLandInTheStoresFolder() throws {
        let service = try OrganisationService()
        let sink = try sink(service)
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"specification\"; filename=\"spec.pdf\"\r\n"
            + "Content-Type: application/pdf\r\n\r\n%PDF-1.7\nspec\n%%EOF\n\r\n--\(boundary)--\r\n"
        try Array(body.utf8).withUnsafeBytes { try sink.write($0) }
        let received = try sink.finish()
        let form = try #require(received.payload(as: MultipartForm.self))
        let file = try #require(form.files("specification").first)
        #expect(URL(fileURLWithPath: file.temporaryPath).deletingLastPathComponent().standardizedFileURL.path
            == service.records.documentReceivingDirectory.standardizedFileURL.path)
        received.removeTemporaryFiles()
    }

    @Test("inside a file part the sink offers its staging memory, and bytes read there are the file's")
    func readInPlace() throws {
        let service = try OrganisationService()
        let sink = try sink(service)
        #expect(sink.receivingBuffer(upTo: 65_536) == nil, "nothing to offer before a file part begins")
        let start = "--\(boundary)\r\nContent-Disposition: form-data; name=\"specification\"; filename=\"spec.pdf\"\r\n"
            + "Content-Type: application/pdf\r\n\r\n"
        try Array(start.utf8).withUnsafeBytes { try sink.write($0) }
        let content = Array("%PDF-1.7\n".utf8) + (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        var offset = 0
        while offset < content.count {
            let target = try #require(sink.receivingBuffer(upTo: min(65_536, content.count - offset)))
            let count = min(target.count, content.count - offset)
            content[offset..<(offset + count)].withUnsafeBytes { target.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: count) }
            try sink.write(UnsafeRawBufferPointer(rebasing: target[0..<count]))
            offset += count
        }
        try Array("\r\n--\(boundary)--\r\n".utf8).withUnsafeBytes { try sink.write($0) }
        let received = try sink.finish()
        let form = try #require(received.payload(as: MultipartForm.self))
        let file = try #require(form.files("specification").first)
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: file.temporaryPath))) == content)
        #expect(file.sha256 == SHA256Hasher.hex(of: content))
        received.removeTemporaryFiles()
    }

    @Test("kept and refused files both leave the receiving folder empty; the kept one is stored")
    func nothingLeftBehind() throws {
        let service = try OrganisationService()
        let client = try service.signedIn()
        let journey = SubmissionJourney(service: service, client: client)
        let reference = try journey.start()
        let base = "/organisation/submissions/\(reference)/documents"
        try client.get(base)
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00]
        let bytes = SampleFiles.pdf("Specification kept by rename")
        let answer = try client.upload(base, fields: [], files: [("specification", "spec.pdf", bytes), ("other", "tool.bin", elf)])
        #expect(answer.status == 422)
        #expect(answer.body.contains("tool.bin is not a file type we accept"))
        let sha256 = SHA256Hasher.hex(of: bytes)
        let stored = try #require(service.records.documentFile(sha256: sha256))
        #expect(try Array(Data(contentsOf: stored)) == bytes)
        // The server deletes a request's leftovers once its response is sent, just after we read it.
        var leftovers = try FileManager.default.contentsOfDirectory(atPath: service.records.documentReceivingDirectory.path)
        for _ in 0..<200 where !leftovers.isEmpty {
            usleep(10_000)
            leftovers = try FileManager.default.contentsOfDirectory(atPath: service.records.documentReceivingDirectory.path)
        }
        #expect(leftovers.isEmpty)
    }
}
