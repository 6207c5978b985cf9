public import Foundation
import Approvals

/// The demonstration data set: the seeds' two cycles (Level 2 cycle 2 and Level 3 spring 2025), a
/// cycle whose windows are open around the instant it is loaded, organisations with Ofqual numbers
/// and SSA scopes, standards with KSBs, a predefined specialist area, users of every role, and
/// records in every state, all made through the domain's transitions at instants inside the windows
/// they belong to, so that the audit trail tells a true story. Never part of the migrations.
public enum DemoData {
    /// The code of the cycle that is open when the demo data is loaded.
    public static let currentCycleCode = "L3DEMO"

    /// Demo data is loaded once per data folder.
    public struct AlreadyLoaded: Error, Equatable, CustomStringConvertible {
        public let cycleCode: String
        public var description: String {
            "This database already holds demo data (cycle \(cycleCode) exists); nothing was changed. To start again, stop the server and remove the data folder."
        }
    }

    /// What was loaded, to print.
    public struct Summary: Sendable, CustomStringConvertible {
        public let users: [UserAccount]
        public let cycles: [(code: String, name: String)]
        public let recordCounts: [(String, Int)]

        public var description: String {
            var lines = ["Demo data loaded.", "", "Cycles:"]
            lines += cycles.map { "  \($0.code)  \($0.name)" }
            lines += ["", "Users:"]
            lines += users.map { "  \($0.email)  \($0.roles.map(\.rawValue).sorted().joined(separator: ", "))" }
            lines += ["", "Records:"]
            lines += recordCounts.map { "  \($0.0): \($0.1)" }
            return lines.joined(separator: "\n")
        }
    }

    /// Loads everything, refusing (before writing anything) a database that already has any of the
    /// demo cycles. A failure part-way leaves what was written so far; the message says so.
    public static func load(into store: RecordStore, now: Date) throws -> Summary {
        for code in ["L2C2", "L3S25", currentCycleCode] where (try? store.cycle(code: code)) != nil {
            throw AlreadyLoaded(cycleCode: code)
        }
        var loader = DemoLoader(store: store, now: now)
        try loader.loadReferenceData()
        try loader.loadRecords()
        let users = try store.users()
        let counts: [(String, Int)] = [
            ("registrations of intent", try store.page(RegistrationOfIntent.self, limit: 500).records.count),
            ("proposals", try store.page(Proposal.self, limit: 500).records.count),
            ("submissions", try store.page(Submission.self, limit: 500).records.count),
            ("reviews", try store.page(Review.self, limit: 500).records.count),
            ("late-submission exceptions", try store.page(LateSubmissionException.self, limit: 500).records.count),
            ("Ofqual regulatory notes", try store.page(OfqualRegulatoryNote.self, limit: 500).records.count),
            ("conflicts of interest", try store.page(ConflictOfInterest.self, limit: 500).records.count),
            ("changes after approval", try store.page(ChangeAfterApproval.self, limit: 500).records.count),
        ]
        return Summary(users: users, cycles: loader.cycles.map { ($0.code, $0.name) }, recordCounts: counts)
    }
}
