public import ApprovalsStore
import Foundation

/// Delivers outbox messages to an SMTP relay (RFC 5321): plain SMTP on a trusted network, such as
/// a local MTA or a cloud provider's relay inside the same private network. No TLS or
/// authentication here: where the relay needs them, run a local MTA (Postfix, msmtpd) in front of it.
public struct SMTPMailer: Sendable {
    public var host: String
    public var port: UInt16
    /// The envelope and header sender, e.g. `approvals@institute.example`.
    public var sender: String
    /// The name this side gives in EHLO.
    public var heloName: String
    public var timeoutSeconds: Int

    public init(host: String, port: UInt16 = 25, sender: String, heloName: String = "approvals.localdomain", timeoutSeconds: Int = 30) {
        self.host = host
        self.port = port
        self.sender = sender
        self.heloName = heloName
        self.timeoutSeconds = timeoutSeconds
    }

    /// Why a message was not delivered. It stays in the outbox, to be tried again.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Sends one message, or throws; nothing is half-sent that the relay accepted as a message.
    public func send(_ message: OutboxMessage, messageID: String) throws {
        for address in [sender, message.recipient] where !Self.isSafeAddress(address) {
            throw Failure(description: "The address \(address.debugDescription) cannot be used in SMTP.")
        }
        let connection = try SMTPConnection(host: host, port: port, timeoutSeconds: timeoutSeconds)
        defer { connection.close() }
        try connection.expect(220)
        try connection.command("EHLO \(heloName)", expect: 250)
        try connection.command("MAIL FROM:<\(sender)>", expect: 250)
        try connection.command("RCPT TO:<\(message.recipient)>", expect: 250, 251)
        try connection.command("DATA", expect: 354)
        try connection.write(Self.data(message, from: sender, messageID: messageID) + ".\r\n")
        try connection.expect(250)
        try? connection.command("QUIT", expect: 221)
    }

    /// The message in RFC 5322 form with CRLF line ends and dot-stuffing (RFC 5321 §4.5.2).
    static func data(_ message: OutboxMessage, from sender: String, messageID: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        // A line break in the subject would start a header of its own (Bcc: …): none survive.
        // (`isNewline`, since "\r\n" is a single Character that a comparison with "\n" misses.)
        let subject = message.subject.filter { !$0.isNewline }
        var lines = [
            "From: \(sender)", "To: \(message.recipient)", "Subject: \(subject)", "Date: \(formatter.string(from: message.createdAt))",
            "Message-ID: <\(messageID)@approvals>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit", "",
        ]
        lines += message.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Visible ASCII with one @ and none of the characters that would end an SMTP command or a header.
    static func isSafeAddress(_ address: String) -> Bool {
        address.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
            && address.split(separator: "@", omittingEmptySubsequences: false).count == 2
    }
}
