import Approvals
@testable import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Outbox delivery to a scripted SMTP server on a loopback socket: the dialogue, dot-stuffing,
/// messages marked sent only once the relay took them, refused ones left for the next run.
@Suite struct SMTPMailerTests {
    @Test func pendingMessagesAreDeliveredAndMarkedSentAndRefusedOnesStay() throws {
        let server = try FakeSMTPServer()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("approvals-smtp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try ApprovalsDatabase.open(dataDirectory: folder, migrationsDirectory: AccountsService.packageRoot.appendingPathComponent("Migrations"))
        defer { try? database.close() }
        let store = AccountStore(database: database)
        let now = Date(timeIntervalSince1970: 1_750_000_000)
        try store.enqueue(OutboxMessage(recipient: "dana@northbridge.example", subject: "Invited", body: "Hello\n.hidden line\nBye", createdAt: now))
        try store.enqueue(OutboxMessage(recipient: "refuse@northbridge.example", subject: "Nope", body: "x", createdAt: now))
        let delivery = OutboxDelivery(store: store, mailer: SMTPMailer(host: "127.0.0.1", port: server.port, sender: "approvals@institute.example"))
        let result = try delivery.deliverPending(at: now.addingTimeInterval(5))
        #expect(result.sent == 1 && result.failures.count == 1 && result.failures[0].contains("refused"))
        let outbox = try store.outbox()
        #expect(outbox.map { $0.sentAt != nil } == [true, false])
        #expect(outbox.map(\.body) == ["", "x"], "a delivered message's body (which may hold a link) is not kept")
        let received = try #require(server.messages.first)
        #expect(received.contains("MAIL FROM:<approvals@institute.example>") && received.contains("RCPT TO:<dana@northbridge.example>"))
        #expect(received.contains("Subject: Invited\r\n") && received.contains("\r\n..hidden line\r\n"))
        // A second run sends nothing new that was sent already.
        #expect(try delivery.deliverPending(at: now.addingTimeInterval(10)).sent == 0)
        #expect(server.messages.count == 1)
    }

    @Test func addressesThatCouldInjectCommandsAreRefusedBeforeConnecting() {
        let mailer = SMTPMailer(host: "127.0.0.1", port: 1, sender: "approvals@institute.example")
        let message = OutboxMessage(recipient: "a@b.example>\r\nRCPT TO:<evil@x.example", subject: "s", body: "b", createdAt: Date())
        #expect(throws: SMTPMailer.Failure.self) { try mailer.send(message, messageID: "1") }
        #expect(!SMTPMailer.data(OutboxMessage(recipient: "a@b.example", subject: "x\r\nBcc: evil@x.example", body: "", createdAt: Date()),
                                 from: "s@b.example", messageID: "1").contains("\r\nBcc:"))
    }
}

/// A scripted SMTP server: accepts sessions one after another on a background thread, records each
/// session's transcript, and refuses any recipient whose address starts with "refuse".
final class FakeSMTPServer: Sendable {
    let descriptor: Int32
    let port: UInt16
    private let transcripts = Mutex<[String]>([])

    var messages: [String] { transcripts.withLock { $0.filter { $0.contains("DATA") } } }

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 8) == 0 else { throw WebClient.ClientError(message: "fake SMTP server could not listen") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        descriptor = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread { [self] in serve() }.start()
    }

    deinit { shutdown(descriptor, Int32(SHUT_RDWR)); close(descriptor) }

    private func serve() {
        while true {
            let client = accept(descriptor, nil, nil)
            guard client >= 0 else { return }
            var transcript = ""
            var buffer = [UInt8]()
            func reply(_ text: String) { _ = text.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
            func line() -> String? {
                var chunk = [UInt8](repeating: 0, count: 1024)
                while true {
                    if let end = buffer.firstIndex(of: 10) {
                        let text = String(decoding: buffer[...end], as: UTF8.self)
                        buffer.removeSubrange(...end)
                        return text
                    }
                    let n = recv(client, &chunk, chunk.count, 0)
                    if n <= 0 { return nil }
                    buffer += chunk[0..<n]
                }
            }
            reply("220 fake ESMTP\r\n")
            var inData = false
            while let text = line() {
                transcript += text
                if inData {
                    if text == ".\r\n" { inData = false; reply("250 queued\r\n") }
                    continue
                }
                switch text.prefix(4).uppercased() {
                case "EHLO": reply("250-fake\r\n250 8BITMIME\r\n")
                case "MAIL": reply("250 ok\r\n")
                case "RCPT": reply(text.contains("<refuse") ? "550 no such user\r\n" : "250 ok\r\n")
                case "DATA": inData = true; reply("354 go ahead\r\n")
                case "QUIT": reply("221 bye\r\n")
                default: reply("500 what\r\n")
                }
                if text.uppercased().hasPrefix("QUIT") { break }
            }
            close(client)
            transcripts.withLock { $0.append(transcript) }
        }
    }
}
