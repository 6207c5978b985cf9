import ApprovalsStore
import ApprovalsWeb
import HTTPServer
import Testing

@Suite("Readiness: /readyz")
struct ReadinessTests {
    @Test("a writable database and enough disk: 200 ready, never cached")
    func ready() throws {
        let fixture = try OperationsFixture()
        let response = try fixture.get("/readyz")
        #expect(response.status.code == 200)
        #expect(response.text == "ready")
        #expect(response.headers.first("Cache-Control") == "no-store")
    }

    @Test("free disk below the threshold: 503 naming the threshold")
    func diskBelowThreshold() throws {
        let fixture = try OperationsFixture(minimumFreeBytes: .max)
        let response = try fixture.get("/readyz")
        #expect(response.status.code == 503)
        #expect(response.text.contains("below the threshold of \(Int64.max)"))
    }

    @Test("a database that cannot be written: 503 saying so")
    func databaseClosed() throws {
        let fixture = try OperationsFixture()
        try fixture.database.close()
        let response = try fixture.get("/readyz")
        #expect(response.status.code == 503)
        #expect(response.text.contains("The database cannot be written"))
    }
}
