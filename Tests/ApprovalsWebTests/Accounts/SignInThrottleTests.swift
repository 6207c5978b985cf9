import Foundation
import Testing
@testable import ApprovalsWeb

@Suite struct SignInThrottleTests {
    let start = Date(timeIntervalSince1970: 1_750_000_000)

    @Test func refusesAnAccountAfterItsFailuresAndLetsItBackAfterTheWindow() throws {
        let throttle = SignInThrottle()
        for i in 0..<5 {
            try throttle.checkAllowed(email: "ao@example.org", address: "10.0.0.\(i)", at: start)
            throttle.recordFailure(email: "ao@example.org", address: "10.0.0.\(i)", at: start.addingTimeInterval(Double(i)))
        }
        #expect(throws: SignInThrottle.Refusal(retryAfter: start.addingTimeInterval(15 * 60))) {
            try throttle.checkAllowed(email: " AO@example.org ", address: "10.0.0.99", at: start.addingTimeInterval(60))
        }
        try throttle.checkAllowed(email: "ao@example.org", address: "10.0.0.99", at: start.addingTimeInterval(15 * 60 + 4.5))
        // Another account from a fresh address is untouched.
        try throttle.checkAllowed(email: "other@example.org", address: "10.0.1.1", at: start.addingTimeInterval(60))
    }

    @Test func refusesAnAddressThatGuessesAtManyAccounts() throws {
        let throttle = SignInThrottle()
        for i in 0..<30 { throttle.recordFailure(email: "user\(i)@example.org", address: "192.0.2.7", at: start) }
        #expect(throws: SignInThrottle.Refusal.self) {
            try throttle.checkAllowed(email: "fresh@example.org", address: "192.0.2.7", at: start.addingTimeInterval(1))
        }
        try throttle.checkAllowed(email: "fresh@example.org", address: "192.0.2.8", at: start.addingTimeInterval(1))
    }

    @Test func successClearsTheAccountButNotTheAddress() throws {
        var limits = SignInThrottle.Limits()
        limits.failuresPerAddress = 4
        let throttle = SignInThrottle(limits: limits)
        for _ in 0..<4 { throttle.recordFailure(email: "a@example.org", address: "198.51.100.1", at: start) }
        throttle.recordSuccess(email: "a@example.org")
        try throttle.checkAllowed(email: "a@example.org", address: "198.51.100.2", at: start)
        #expect(throws: SignInThrottle.Refusal.self) {
            try throttle.checkAllowed(email: "a@example.org", address: "198.51.100.1", at: start)
        }
    }
}
