import ArgumentParser
import ApprovalsStore
import ApprovalsWeb
import Foundation

/// `approvals demo-data`: loads the demonstration data set. Never part of the migrations.
struct DemoDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-data",
        abstract: "Load demonstration data: the seeds' two cycles, a cycle open now, organisations, users of every role, records in every state.",
        discussion: "Refuses a database that already holds demo data (or any cycle with the same codes), leaving it unchanged."
    )

    @OptionGroup var store: StoreCommandOptions
    @Option(help: ArgumentHelp("The instant the current cycle's windows are open around (ISO 8601); default now.", valueName: "INSTANT"))
    var now: String?
    @Option(help: ArgumentHelp("Also add this many submitted submissions to the current cycle (for benchmarks of the API's lists).",
                               valueName: "N"))
    var bulk: Int = 0

    func run() throws {
        let instant = try now.map(InstantOption.parse) ?? ServiceClock.system.now()
        let database = try store.open()
        defer { try? database.close() }
        do {
            let summary = try DemoData.load(into: RecordStore(database: database), now: instant)
            print(summary.description)
            print(DemoSignIns.summary(try DemoSignIns.assignPasswords(in: AccountStore(database: database), hash: PasswordHasher().hash, at: instant)))
            if bulk > 0 {
                print("Bulk submissions added: \(try BulkData.load(bulk, into: RecordStore(database: database), now: instant))")
            }
        } catch let refused as DemoData.AlreadyLoaded {
            throw StoreCommandFailure(refused.description)
        }
    }
}
