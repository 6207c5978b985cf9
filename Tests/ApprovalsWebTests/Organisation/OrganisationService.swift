import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import HTTPServer

/// The awarding organisations' pages are tested against the same running service as the
/// accounts' (one start-up and tear-down): `OrganisationService(evidenceFileLimit: 2000)`.
typealias OrganisationService = AccountsService

/// What the awarding organisations' tests ask of the running service: their demo people, a
/// hand-moved clock to cross window deadlines, and the store.
extension AccountsService {
    static let editor = "editor@northbridge.example"
    static let otherEditor = "editor@harbour.example"

    var records: RecordStore { accounts.records }

    /// A client signed in as Northbridge's editor.
    func signedIn() throws -> WebClient { try signedIn(Self.editor) }

    func actor(_ email: String) throws -> Actor {
        guard let user = try records.user(email: email) else { throw WebClient.ClientError(message: "no user \(email)") }
        return user.actor
    }

    var currentCycle: Cycle { get throws { try records.cycle(code: DemoData.currentCycleCode) } }

    /// The demo cycle's submission window closes at the start plus 28 days.
    func moveClock(to instant: Date) { clock.advance(instant.timeIntervalSince(clock.now())) }
}

extension WebClient {
    /// Posts a multipart/form-data body: fields, then files (field name, file name, bytes), with the
    /// CSRF token of the last page unless told otherwise.
    @discardableResult
    func upload(_ path: String, fields: [(String, String)], files: [(String, String, [UInt8])], csrf: CSRFChoice = .fromLastPage) throws -> Response {
        let boundary = "----approvals-test-\(UUID().uuidString)"
        var body: [UInt8] = []
        var all = fields
        switch csrf {
        case .fromLastPage: if let token = lastCSRFToken { all.append(("csrf_token", token)) }
        case .value(let token): all.append(("csrf_token", token))
        case .none: break
        }
        for (name, value) in all {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, filename, bytes) in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
            body += bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return try send("POST", path, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: body)
    }

    /// The path of a 303's Location, for following it.
    func follow(_ response: Response) throws -> Response {
        guard response.status == 303, let location = response.location else { throw ClientError(message: "expected a redirect, got \(response.status)") }
        return try get(location)
    }
}

/// Files whose content says what they are, whatever they are called.
enum SampleFiles {
    static func pdf(_ text: String) -> [UInt8] { Array("%PDF-1.7\n\(text)\n%%EOF\n".utf8) }
    /// An ELF executable's first bytes: named .pdf in the tests, refused by its content.
    static let executable: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + [UInt8](repeating: 0, count: 64)
}
