import Approvals
@testable import ApprovalsStore
import Foundation

/// A fresh data folder under the system's temporary directory, removed when the test ends.
final class TemporaryDataFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("approvals-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func subfolder(_ name: String) throws -> URL {
        let folder = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// The package's own migrations and helpers to open databases on them.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let migrationsDirectory = packageRoot.appendingPathComponent("Migrations")

    static func migrations() throws -> [Migration] { try Migration.load(from: migrationsDirectory) }

    static func options(sweep grace: TimeInterval? = nil) -> ApprovalsDatabase.Options {
        var options = ApprovalsDatabase.Options()
        options.orphanSweepGrace = grace
        return options
    }

    static func open(_ folder: TemporaryDataFolder, sweep grace: TimeInterval? = nil) throws -> ApprovalsDatabase {
        try ApprovalsDatabase.open(dataDirectory: folder.url.appendingPathComponent("data"), migrationsDirectory: migrationsDirectory,
                                   options: options(sweep: grace))
    }

    static let instant = Date(timeIntervalSince1970: 1_742_000_000) // 15 March 2025, inside the window below
    static let editorID = UserID("editor-1")

    /// An organisation, a cycle with its submission window open around `instant`, and an editor.
    static func seed(_ store: RecordStore) throws -> (cycle: Cycle, organisation: Organisation, editor: Actor) {
        let admin = Actor(id: UserID("admin-1"), roles: [.admin], displayName: "Admin")
        let organisation = Organisation(id: OrganisationID("org-1"), name: "Northbridge Awards", ofqualRecognitionNumber: "RN5137",
                                        ssaScope: [SectorSubjectArea("6")!])
        try store.createOrganisation(organisation, by: admin, at: instant)
        let window = TimeWindow(opens: instant.addingTimeInterval(-86_400), closes: instant.addingTimeInterval(86_400))
        let cycle = try store.createCycle(Cycle(id: CycleID("cycle-1"), code: "T25", name: "Test cycle", level: .three, number: 2,
                                                categories: [.occupationalEntry], routes: [.digital],
                                                windows: CycleWindows(submission: window)), by: admin, at: instant)
        let editor = Actor(id: editorID, organisationID: organisation.id, roles: [.aoEditor], displayName: "Editor")
        return (cycle, organisation, editor)
    }

    static let content = SubmissionContent(
        category: .occupationalEntry, title: "Level 3 Technical Occupational Entry in Digital Support (Certificate)",
        level: .three, guidedLearningHours: 240, totalQualificationTime: 320, route: .digital,
        sectorSubjectArea: SectorSubjectArea("6.1"), standardReferences: [])
}
