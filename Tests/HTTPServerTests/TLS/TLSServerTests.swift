import Foundation
import HTTPServer
import Testing

/// HTTPS through OpenSSL on the server's own event loops, checked with real clients (curl and
/// Python's ssl module) against a certificate the test makes with the openssl command.
@Suite("TLS", .serialized)
struct TLSServerTests {
    @Test("curl over TLS 1.2 and 1.3 gets the page; a 3 MB file body (sendfile's path) arrives intact through SSL_write")
    func curlBothVersions() throws {
        let fixture = try TLSFixture()
        for version in ["--tls-max 1.2 --tlsv1.2", "--tlsv1.3"] {
            let output = try fixture.run("curl -sS --cacert \(fixture.certificate) \(version) https://localhost:\(fixture.port)/hello")
            #expect(output.status == 0, "curl \(version): \(output.errors)")
            #expect(output.text == "hello over TLS")
        }
        let file = try fixture.run(
            "curl -sS --cacert \(fixture.certificate) https://localhost:\(fixture.port)/file | sha256sum | cut -c1-64")
        #expect(file.text.trimmingCharacters(in: .whitespacesAndNewlines) == fixture.fileSHA256)
    }

    @Test("Python's ssl: keep-alive with two pipelined requests, TLS 1.3 negotiated, a modern cipher")
    func pythonPipelined() throws {
        let fixture = try TLSFixture()
        let script = """
            import socket, ssl, sys
            context = ssl.create_default_context(cafile=sys.argv[1])
            with socket.create_connection(("localhost", int(sys.argv[2]))) as raw:
                with context.wrap_socket(raw, server_hostname="localhost") as tls:
                    tls.sendall(b"GET /hello HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\nGET /hello HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n")
                    data = b""
                    while True:
                        chunk = tls.recv(65536)
                        if not chunk: break
                        data += chunk
                    print(tls.version(), tls.cipher()[0], data.count(b"hello over TLS"), data.count(b"HTTP/1.1 200 OK"))
            """
        let output = try fixture.run("python3 -c '\(script)' \(fixture.certificate) \(fixture.port)")
        #expect(output.status == 0, "\(output.errors)")
        let fields = output.text.split(separator: " ").map(String.init)
        #expect(fields.first == "TLSv1.3")
        #expect(fields.count == 4 && fields[2] == "2" && fields[3].hasPrefix("2"))
    }

    @Test("a client that offers at most TLS 1.1 is refused by the server with a protocol_version alert")
    func tls11Refused() throws {
        let fixture = try TLSFixture()
        let script = """
            import socket, ssl, sys
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            context.set_ciphers("ALL:@SECLEVEL=0")
            context.minimum_version = ssl.TLSVersion.TLSv1_1
            context.maximum_version = ssl.TLSVersion.TLSv1_1
            with socket.create_connection(("localhost", int(sys.argv[1]))) as raw:
                try:
                    with context.wrap_socket(raw) as tls:
                        print("CONNECTED", tls.version())
                except ssl.SSLError as error:
                    print("REFUSED", error.reason)
            """
        let output = try fixture.run("python3 -c '\(script)' \(fixture.port)")
        #expect(output.text.hasPrefix("REFUSED"), "\(output.text) \(output.errors)")
        // The alert comes from the server: the client itself was willing to speak TLS 1.1.
        #expect(output.text.contains("PROTOCOL_VERSION") || output.text.contains("UNSUPPORTED_PROTOCOL"), "\(output.text)")
        // The server keeps serving after the refusal.
        let after = try fixture.run("curl -sS --cacert \(fixture.certificate) https://localhost:\(fixture.port)/hello")
        #expect(after.text == "hello over TLS")
    }

    @Test("plain HTTP sent to the TLS port gets no answer in plain text and the connection closes")
    func plainHTTPOnTLSPort() throws {
        let fixture = try TLSFixture()
        let output = try fixture.run("curl -sS -m 5 http://localhost:\(fixture.port)/hello")
        #expect(output.status != 0)
        #expect(!output.text.contains("hello over TLS"))
    }

    @Test("a key that does not match the certificate is refused at setup with a typed error")
    func mismatchedKey() throws {
        let fixture = try TLSFixture()
        let other = fixture.folder.appendingPathComponent("other.key").path
        _ = try fixture.run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out \(other) 2>/dev/null")
        #expect(throws: TLSError.keyDoesNotMatch(certificate: fixture.certificate, key: other)) {
            _ = try TLSContext(certificateChainFile: fixture.certificate, privateKeyFile: other)
        }
        #expect(throws: TLSError.self) {
            _ = try TLSContext(certificateChainFile: fixture.folder.appendingPathComponent("missing.pem").path, privateKeyFile: other)
        }
    }
}
