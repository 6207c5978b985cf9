import Foundation
import HTTPServer

/// A self-signed certificate for localhost made by the openssl command, and a server using it with
/// a text route and a 3 MB file route.
final class TLSFixture {
    struct Output {
        let status: Int32
        let text: String
        let errors: String
    }

    let folder: URL
    let certificate: String
    let key: String
    let server: HTTPServer
    let port: Int
    let fileSHA256: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        certificate = folder.appendingPathComponent("cert.pem").path
        key = folder.appendingPathComponent("key.pem").path
        let made = try Self.shell("""
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
            -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout \(key) -out \(certificate)
            """)
        guard made.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["reason": made.errors]) }
        let file = folder.appendingPathComponent("big.bin")
        var bytes = [UInt8](repeating: 0, count: 3_000_000)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 9) }
        try Data(bytes).write(to: file)
        fileSHA256 = try Self.shell("sha256sum \(file.path) | cut -c1-64").text.trimmingCharacters(in: .whitespacesAndNewlines)

        var router = Router()
        router.get("/hello") { _ in .text("hello over TLS") }
        let path = file.path
        router.get("/file") { _ in HTTPResponse(body: .file(FileRegion(path: path))) }
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.tls = try TLSContext(certificateChainFile: certificate, privateKeyFile: key)
        server = HTTPServer(configuration: configuration, responder: router)
        try server.start()
        port = server.port!
    }

    deinit {
        server.shutdown()
        server.waitUntilStopped()
        try? FileManager.default.removeItem(at: folder)
    }

    func run(_ command: String) throws -> Output { try Self.shell(command) }

    static func shell(_ command: String) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Output(status: process.terminationStatus, text: text, errors: errorText)
    }
}
