import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Uploads over real sockets: types decided by content, the stated size limit, each file's SHA-256
/// shown, a refused file keeping the others, the KSB mapping as CSV, and no half record.
@Suite(.serialized) struct EvidenceUploadTests {
    static func hex(_ bytes: [UInt8]) -> String { Digest.hex(Digest.sha256(bytes)) }

    @Test func aFileIsJudgedByItsContentAndTheOthersAreKept() throws {
        let service = try OrganisationService()
        let journey = SubmissionJourney(service: service, client: try service.signedIn())
        let reference = try journey.start()
        let path = "/organisation/submissions/\(reference)/documents"
        let page = try journey.client.get(path)
        #expect(page.body.contains("at most <strong>100 MB</strong>") && page.body.contains("enctype=\"multipart/form-data\""))
        let good = SampleFiles.pdf("specification")
        let response = try journey.client.upload(path, fields: [], files: [
            ("specification", "spec.pdf", good), ("assessment_materials", "materials.pdf", SampleFiles.executable),
        ])
        #expect(response.status == 422 && response.body.contains("There is a problem"))
        #expect(response.body.contains("materials.pdf is not a file type we accept") && response.body.contains("href=\"#assessment_materials\""))
        // The good file was kept, with its name, size and SHA-256 shown.
        #expect(response.body.contains("spec.pdf") && response.body.contains(Self.hex(good)))
        let documents = try service.records.record(Submission.self, reference: reference).draft.documents
        #expect(documents.map(\.originalName) == ["spec.pdf"] && documents[0].sha256 == Self.hex(good) && documents[0].mediaType == "application/pdf")
    }

    @Test func theStatedLimitIsEnforcedPerFile() throws {
        let service = try OrganisationService(evidenceFileLimit: 2000)
        let journey = SubmissionJourney(service: service, client: try service.signedIn())
        let reference = try journey.start()
        let path = "/organisation/submissions/\(reference)/documents"
        #expect(try journey.client.get(path).body.contains("at most <strong>2 KB</strong>"))
        let big = SampleFiles.pdf(String(repeating: "x", count: 3000))
        let small = SampleFiles.pdf("small")
        let response = try journey.client.upload(path, fields: [], files: [("specification", "big.pdf", big), ("letter_of_support", "letter.pdf", small)])
        #expect(response.status == 422 && response.body.contains("big.pdf is larger than"))
        #expect(try service.records.record(Submission.self, reference: reference).draft.documents.map(\.originalName) == ["letter.pdf"])
    }

    @Test func theMappingCanBeUploadedAsCSVAndIsKeptAsTheTemplate() throws {
        let service = try OrganisationService()
        let journey = SubmissionJourney(service: service, client: try service.signedIn())
        let reference = try journey.start()
        let path = "/organisation/submissions/\(reference)/documents"
        try journey.client.get(path)
        let csv = Array("standard_reference,ksb_code,covered_in,assessed_in\nST0973,K1,Unit 1,Test 1\nST0973,B1,Unit 4,\"Observation, workplace\"\n".utf8)
        let response = try journey.client.upload(path, fields: [], files: [("ksb_mapping_csv", "mapping.csv", csv)])
        #expect(response.status == 303)
        let draft = try service.records.record(Submission.self, reference: reference).draft
        #expect(draft.ksbMapping.map(\.ksbCode) == ["K1", "B1"] && draft.ksbMapping[1].assessedIn == "Observation, workplace")
        #expect(draft.documents.contains { $0.kind == .mappingTemplate && $0.sha256 == Self.hex(csv) })
        // A PDF is not a CSV, whatever its name.
        try journey.client.get(path)
        let refused = try journey.client.upload(path, fields: [], files: [("ksb_mapping_csv", "mapping.csv", SampleFiles.pdf("not csv"))])
        #expect(refused.status == 422 && refused.body.contains("is not a CSV file"))
    }

    @Test func anUploadWithoutItsCSRFTokenKeepsNothing() throws {
        let service = try OrganisationService()
        let journey = SubmissionJourney(service: service, client: try service.signedIn())
        let reference = try journey.start()
        let path = "/organisation/submissions/\(reference)/documents"
        try journey.client.get(path)
        let refused = try journey.client.upload(path, fields: [], files: [("specification", "spec.pdf", SampleFiles.pdf("s"))], csrf: .value("forged"))
        #expect(refused.status == 403)
        #expect(try service.records.record(Submission.self, reference: reference).draft.documents.isEmpty)
        let other = try service.signedIn(OrganisationService.otherEditor)
        try other.get("/organisation")
        #expect(try other.upload(path, fields: [], files: [("specification", "spec.pdf", SampleFiles.pdf("s"))]).status == 404)
    }
}
