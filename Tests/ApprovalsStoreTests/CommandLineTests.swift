import Foundation
import GRDB
import Testing
@testable import ApprovalsStore

/// The operators' commands, run as the real executable on a real data folder.
@Suite("Command line")
struct CommandLineTests {
    struct Outcome {
        let status: Int32
        let output: String
        let errors: String
    }

    func run(_ arguments: [String]) throws -> Outcome {
        let binary = try #require(CrashRecoveryTests.approvalsBinary(), "build the approvals executable first")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
    }

    @Test("migrate, demo-data, standards import and verify-audit, with their exit statuses")
    func operatorsCommands() throws {
        let folder = try TemporaryDataFolder()
        let data = folder.url.appendingPathComponent("data").path
        let migrations = ["--migrations", Fixtures.migrationsDirectory.path]

        let migrated = try run(["migrate", "--data", data] + migrations)
        #expect(migrated.status == 0)
        #expect(migrated.output.contains("applied 0001_foundation"))
        #expect(try run(["migrate", "--data", data] + migrations).output.contains("up to date"))

        let demo = try run(["demo-data", "--data", data, "--now", "2025-06-01T10:00:00Z"] + migrations)
        #expect(demo.status == 0, "\(demo.errors)")
        #expect(demo.output.contains("editor@northbridge.example"))
        let again = try run(["demo-data", "--data", data] + migrations)
        #expect(again.status != 0)
        #expect(again.errors.contains("already holds demo data"))

        let bad = folder.url.appendingPathComponent("bad.csv")
        try "reference,title,level,route,version,status,ksbs\nST0001,Title,2,nowhere,1.0,retired,K1: x\nST0002,,2,digital,1.0,retired,K1: x\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let refused = try run(["standards", "import", bad.path, "--cycle", "L3S25", "--data", data] + migrations)
        #expect(refused.status != 0)
        #expect(refused.errors.contains("line 2: route \"nowhere\""))
        #expect(refused.errors.contains("line 3: title is empty"))
        let good = folder.url.appendingPathComponent("good.csv")
        try "reference,title,level,route,version,status,ksbs\nST0420,Software development technician,3,digital,1.0,approved_for_delivery,K1: Code | S1: Test\n"
            .write(to: good, atomically: true, encoding: .utf8)
        let imported = try run(["standards", "import", good.path, "--cycle", "L3S25", "--data", data] + migrations)
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("1 new"))

        let verified = try run(["verify-audit", "--data", data] + migrations)
        #expect(verified.status == 0)
        #expect(verified.output.contains("holds"))

        // Tamper with one event behind the triggers' back: verify names it and fails.
        let database = try DatabaseQueue(path: folder.url.appendingPathComponent("data/approvals.sqlite").path)
        try database.write { db in
            try db.execute(sql: "DROP TRIGGER audit_events_refuse_update")
            try db.execute(sql: "UPDATE audit_events SET state_after = 'approved' WHERE sequence = 30")
        }
        try database.close()
        let broken = try run(["verify-audit", "--data", data] + migrations)
        #expect(broken.status == 1)
        #expect(broken.output.contains("broken at event 30"))
    }
}
