import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// An awarding organisation downloads its own documents over real sockets: the bytes it uploaded,
/// with the headers that make a browser save rather than run them; anyone else's, or an unknown
/// one, is not found; staff use the Institute's own download instead.
@Suite(.serialized) struct DocumentDownloadTests {
    @Test func anOrganisationDownloadsItsOwnDocumentWithSafeHeaders() throws {
        let service = try OrganisationService()
        let journey = SubmissionJourney(service: service, client: try service.signedIn())
        let reference = try journey.start()
        let path = "/organisation/submissions/\(reference)/documents"
        try journey.client.get(path)
        let bytes = SampleFiles.pdf("the specification, as uploaded")
        #expect(try journey.client.upload(path, fields: [], files: [("specification", "Spec;v2 café.pdf", bytes)]).status == 303)
        let document = try #require(try service.records.record(Submission.self, reference: reference).draft.documents.first)
        let href = "\(path)/\(document.sha256)"
        // The documents page links each file to its download.
        #expect(try journey.client.get(path).body.contains("href=\"\(href)\""))

        let download = try journey.client.get(href)
        #expect(download.status == 200)
        #expect(Array(download.body.utf8) == bytes)
        #expect(download.header("Content-Type") == "application/pdf")
        #expect(download.header("Content-Length") == String(bytes.count))
        #expect(download.header("X-Content-Type-Options") == "nosniff")
        let disposition = try #require(download.header("Content-Disposition"))
        #expect(disposition.hasPrefix("attachment; filename=\""))
        #expect(!disposition.dropFirst("attachment;".count).contains(";") || disposition.contains("; filename*=UTF-8''"))
        #expect(disposition.contains("filename=\"\(DocumentDownload.plainName(document.originalName))\""))
        // A document the record does not hold, or no document at all: not found.
        #expect(try journey.client.get("\(path)/\(String(repeating: "0", count: 64))").status == 404)
        #expect(try journey.client.get("\(path)/not-a-digest").status == 404)
    }

    @Test func anotherOrganisationsDocumentIsNotFoundAndStaffAreSentToTheirOwnPages() throws {
        let service = try OrganisationService()
        let submissions = try service.records.page(Submission.self, limit: 500).records
        let northbridge = try #require(try service.records.user(email: OrganisationService.editor)?.actor.organisationID)
        let own = try #require(submissions.first { $0.organisationID == northbridge && !($0.latestVersion?.content.documents.isEmpty ?? true) })
        let others = try #require(submissions.first { $0.organisationID != northbridge && !($0.latestVersion?.content.documents.isEmpty ?? true) })
        let ownDocument = try #require(own.latestVersion?.content.documents.first)
        let othersDocument = try #require(others.latestVersion?.content.documents.first)
        let ownHref = OrganisationDocumentRoutes.submissionHref(own.reference, ownDocument)

        let editor = try service.signedIn()
        let version = try editor.get("/organisation/submissions/\(own.reference)/versions/1")
        #expect(version.body.contains("href=\"\(ownHref)\""))
        let download = try editor.get(ownHref)
        let stored = try Data(contentsOf: try #require(service.records.documentFile(sha256: ownDocument.sha256)))
        #expect(download.status == 200 && download.header("Content-Length") == String(stored.count))
        // Another organisation's document, through its record or smuggled under our own record: 404.
        #expect(try editor.get(OrganisationDocumentRoutes.submissionHref(others.reference, othersDocument)).status == 404)
        #expect(try editor.get(OrganisationDocumentRoutes.submissionHref(own.reference, othersDocument)).status == 404)
        // The other organisation's user cannot fetch ours.
        let otherEditor = try service.signedIn(OrganisationService.otherEditor)
        #expect(try otherEditor.get(ownHref).status == 404)
        // Staff are refused the organisation's pages (as everywhere under /organisation); nobody signed out gets anything.
        #expect(try service.signedIn("reviewer@institute.example").get(ownHref).status == 403)
        let anonymous = try WebClient(port: service.port).get(ownHref)
        #expect(anonymous.status == 303 && anonymous.location?.hasPrefix("/sign-in") == true)
    }

    @Test func anExceptionsEvidenceCanBeDownloadedByItsOrganisation() throws {
        let service = try OrganisationService()
        let northbridge = try #require(try service.records.user(email: OrganisationService.editor)?.actor.organisationID)
        let exception = try #require(try service.records.page(LateSubmissionException.self, limit: 100).records.first { $0.organisationID == northbridge })
        let evidence = try #require(exception.evidence.first)
        let href = OrganisationDocumentRoutes.exceptionHref(exception.reference, evidence)
        let editor = try service.signedIn()
        #expect(try editor.get("/organisation/exceptions/\(exception.reference)").body.contains("href=\"\(href)\""))
        let download = try editor.get(href)
        #expect(download.status == 200 && download.header("Content-Disposition")?.hasPrefix("attachment") == true)
        #expect(try service.signedIn(OrganisationService.otherEditor).get(href).status == 404)
    }

    @Test("File names in Content-Disposition are plain ASCII, quoted safely, with the original kept encoded")
    func safeFileNames() {
        #expect(DocumentDownload.disposition("spec.pdf") == "attachment; filename=\"spec.pdf\"")
        #expect(DocumentDownload.disposition("Spec \"v2\"; café.pdf")
                == "attachment; filename=\"Spec v2 caf.pdf\"; filename*=UTF-8''Spec%20%22v2%22%3B%20caf%C3%A9.pdf")
        #expect(DocumentDownload.disposition("../../etc/.passwd") .hasPrefix("attachment; filename=\"passwd\""))
        #expect(DocumentDownload.disposition("\r\nSet-Cookie: x=1") .hasPrefix("attachment; filename=\"Set-Cookie x1\""))
        #expect(DocumentDownload.disposition("") == "attachment; filename=\"document\"")
        #expect(DocumentDownload.disposition("файл") .hasPrefix("attachment; filename=\"document\"; filename*=UTF-8''%D1%84"))
    }
}
