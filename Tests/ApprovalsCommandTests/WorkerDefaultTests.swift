import Foundation
import Testing
@testable import approvals

@Suite("Configuration: worker threads")
struct WorkerDefaultTests {
    @Test("unset, workers are 16 per core and at least 32; set, the number given is used")
    func defaultAndOverride() throws {
        let unset = try ServiceSettings(EffectiveConfiguration(flags: [:], environment: [:], configFile: nil))
        #expect(unset.workers == max(32, 16 * ProcessInfo.processInfo.activeProcessorCount))
        #expect(try #require(unset.workers) >= 32)
        let set = try ServiceSettings(EffectiveConfiguration(flags: ["workers": "12"], environment: [:], configFile: nil))
        #expect(set.workers == 12)
    }
}
