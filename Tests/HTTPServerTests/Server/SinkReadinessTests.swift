import Dispatch
import Foundation
import Glibc
import HTTPServer
import Synchronization
import Testing

/// A body sink that cannot take bytes yet (an upload waiting for its disk write) holds its own body,
/// not the event loop: the loop reads no more of that body, serves its other clients meanwhile, does
/// not time the client out for the server's wait, and reads the rest once the sink calls back.
@Suite struct SinkReadinessTests {
    /// Takes the first 64 KiB, then says it cannot take more until the test releases it, counting any
    /// bytes written to it in between (there must be none).
    final class HeldSink: RequestBodySink, Sendable {
        struct State {
            var received = 0
            var held = false
            var released = false
            var writtenWhileHeld = 0
            var resume: (@Sendable () -> Void)?
        }

        let state = Mutex(State())

        func write(_ bytes: UnsafeRawBufferPointer) throws {
            state.withLock { state in
                if state.held { state.writtenWhileHeld += bytes.count }
                state.received += bytes.count
            }
        }

        func isReadyForBytes(orResume resume: @escaping @Sendable () -> Void) -> Bool {
            state.withLock { state in
                if state.released || state.received < 65_536 { return true }
                state.held = true
                state.resume = resume
                return false
            }
        }

        /// Lets the body go on, as a finished disk write does: the stored callback, from this thread.
        func release() {
            let resume = state.withLock { state -> (@Sendable () -> Void)? in
                state.released = true
                state.held = false
                return state.resume
            }
            resume?()
        }

        func finish() throws -> RequestBody {
            RequestBody(content: .empty, payload: state.withLock { $0.received })
        }

        func abort() {}
    }

    /// The sink the server made for the upload, for the test to look at and release.
    final class MadeSink: Sendable {
        let sink = Mutex<HeldSink?>(nil)
        var current: HeldSink? { sink.withLock { $0 } }
    }

    @Test("a held sink stops its body's reading but not the loop, is not timed out for it, and resumes whole")
    func heldSinkHoldsOnlyItsBody() async throws {
        let made = MadeSink()
        let responder = ClosureResponder(policy: { head in
            guard head.method == .post else { return .standard }
            return BodyPolicy(makeSink: { _ in
                let sink = HeldSink()
                made.sink.withLock { $0 = sink }
                return sink
            })
        }) { request in
            .text("received \(request.body.payload(as: Int.self) ?? -1)")
        }
        var configuration = testConfiguration()
        // One loop, so that the other client below is served by the very loop the upload is on.
        configuration.eventLoopCount = 1
        try await withServer(configuration, responder: responder) { _, port in
            let bodyCount = 1 << 20
            let uploader = try RawClient(port: port, timeout: .seconds(20))
            let payload = Array("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: \(bodyCount)\r\n\r\n".utf8)
                + [UInt8](repeating: 7, count: bodyCount)
            // Sent from a thread of its own: while the sink is held the server reads nothing, so
            // sending the whole body may wait for it.
            let descriptor = uploader.descriptor
            let sent = DispatchSemaphore(value: 0)
            Thread {
                payload.withUnsafeBytes { bytes in
                    var offset = 0
                    while offset < bytes.count {
                        let count = send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                        if count <= 0 { break }
                        offset += count
                    }
                }
                sent.signal()
            }.start()

            #expect(eventually { made.current?.state.withLock { $0.held } == true })
            let sink = try #require(made.current)

            // The one loop serves another client while the upload waits.
            let other = try RawClient(port: port)
            try other.send("GET /other HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try other.readResponse().statusCode == 200)

            // Over three body-progress windows (300 ms each, 100 bytes a second required) with no
            // byte read: a wait of the server's, which must not end the upload with a 408.
            try await Task.sleep(for: .seconds(1))
            #expect(sink.state.withLock { $0.held })

            sink.release()
            let response = try uploader.readResponse()
            #expect(response.statusCode == 200)
            #expect(response.text == "received \(bodyCount)")
            #expect(sink.state.withLock { $0.writtenWhileHeld } == 0)
            #expect(sent.wait(timeout: .now() + 20) == .success)
        }
    }
}
