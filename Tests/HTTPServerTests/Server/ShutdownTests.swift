import Foundation
import Testing
@testable import HTTPServer
import Logging

/// Graceful shutdown: no new connections, in-flight requests finish, idle connections close.
@Suite struct ShutdownTests {
    @Test func inFlightRequestFinishesAndIdleConnectionsClose() async throws {
        let gate = Gate()
        let responder = ClosureResponder { request in
            if request.path == "/slow" { gate.pass() }
            return .text("finished")
        }
        var logger = Logger(label: "shutdown-test")
        logger.logLevel = .critical
        let server = HTTPServer(configuration: testConfiguration(), responder: responder, logger: logger)
        try server.start()
        let port = try #require(server.port)

        let idle = try RawClient(port: port)
        try idle.send("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().statusCode == 200)

        let busy = try RawClient(port: port)
        try busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(gate.waitForArrivals(1))

        server.shutdown()
        #expect(try idle.isClosedByServer())
        #expect(eventually { (try? RawClient(port: port)) == nil })

        gate.open()
        let response = try busy.readResponse()
        #expect(response.text == "finished")
        #expect(response.header("Connection") == "close")
        server.waitUntilStopped()
    }

    @Test func requestsStillRunningAfterTheGracePeriodAreCutOff() async throws {
        var configuration = testConfiguration()
        configuration.shutdownGracePeriod = .milliseconds(200)
        let gate = Gate()
        let responder = ClosureResponder { _ in
            gate.pass()
            return .text("too late")
        }
        var logger = Logger(label: "shutdown-test")
        logger.logLevel = .critical
        let server = HTTPServer(configuration: configuration, responder: responder, logger: logger)
        try server.start()
        let client = try RawClient(port: try #require(server.port))
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(gate.waitForArrivals(1))
        server.shutdown()
        #expect(try client.isClosedByServer())
        gate.open()
        server.waitUntilStopped()
    }
}

/// `run()` ends on SIGTERM after a graceful shutdown. Serialized with nothing else: the signal goes to
/// the whole test process, where only this server listens for it.
@Suite struct SignalShutdownTests {
    @Test func sigtermStopsRun() async throws {
        var logger = Logger(label: "signal-test")
        logger.logLevel = .critical
        let server = HTTPServer(configuration: testConfiguration(), responder: echoResponder(), logger: logger)
        let finished = DispatchSemaphore(value: 0)
        Thread {
            do { try server.run() } catch { Issue.record("run failed: \(error)") }
            finished.signal()
        }.start()
        #expect(eventually { server.port != nil })
        let client = try RawClient(port: try #require(server.port))
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse().statusCode == 200)

        kill(getpid(), SIGTERM)
        #expect(finished.wait(timeout: .now() + .seconds(10)) == .success)
        #expect(try client.isClosedByServer())
    }
}
