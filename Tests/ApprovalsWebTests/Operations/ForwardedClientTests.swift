import ApprovalsWeb
import HTTPServer
import Testing

@Suite("X-Forwarded-* believed only from trusted proxies")
struct ForwardedClientTests {
    @Test("through a trusted proxy on loopback, an outside client is refused /metrics; the forwarded scheme adds HSTS")
    func trustedProxyGivesTheRealClient() throws {
        let fixture = try OperationsFixture(trustedProxies: ["127.0.0.1"])
        let outside = try fixture.get("/metrics", from: "127.0.0.1:50000",
                                      headers: ["X-Forwarded-For": "127.0.0.1, 198.51.100.7", "X-Forwarded-Proto": "https"])
        #expect(outside.status.code == 403)
        #expect(outside.headers.first("Strict-Transport-Security") == ForwardedClientMiddleware.strictTransportSecurity)
        let plain = try fixture.get("/readyz", from: "127.0.0.1:50000", headers: ["X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "http"])
        #expect(plain.headers.first("Strict-Transport-Security") == nil)
    }

    @Test("a client spoofing X-Forwarded-For at the left of the chain is still seen as itself")
    func spoofedLeftEntryIgnored() throws {
        let fixture = try OperationsFixture(trustedProxies: ["10.0.0.2"])
        let response = try fixture.get("/metrics", from: "10.0.0.2:50000", headers: ["X-Forwarded-For": "127.0.0.1, 203.0.113.5"])
        #expect(response.status.code == 403)
    }

    @Test("from a peer that is not a trusted proxy the headers are ignored: no HSTS, the peer's own address counts")
    func untrustedPeerHeadersIgnored() throws {
        let fixture = try OperationsFixture(trustedProxies: ["10.0.0.2"])
        let spoof = try fixture.get("/metrics", from: "203.0.113.5:4000", headers: ["X-Forwarded-For": "127.0.0.1", "X-Forwarded-Proto": "https"])
        #expect(spoof.status.code == 403)
        #expect(spoof.headers.first("Strict-Transport-Security") == nil)
        let local = try fixture.get("/metrics", from: "127.0.0.1:4000", headers: ["X-Forwarded-For": "203.0.113.5"])
        #expect(local.status.code == 200)
    }
}

@Suite("HSTS when the server speaks TLS itself")
struct DirectTLSHeaderTests {
    @Test("every response carries Strict-Transport-Security, whatever the peer")
    func hstsOnEveryResponse() throws {
        var router = Router()
        router.use(ForwardedClientMiddleware(trustedProxies: [], servesTLS: true))
        router.get("/page") { _ in .text("page") }
        let response = try router.respond(withoutSocket: .get, "/page")
        #expect(response.headers.first("Strict-Transport-Security") == ForwardedClientMiddleware.strictTransportSecurity)
    }
}
